import { InvalidResponseError } from "./errors.js";
import { NULL_BODY, responseOf } from "./openapi-fetch-road.js";
import type { Tried } from "./try-once.js";

const utf8 = new TextDecoder();

/** What openapi-fetch's `GET` resolves to: `data` or `error`, and the Response. */
export type FetchResult =
  | { data: unknown; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * openapi-fetch's result for a GET the layer sent itself (no middleware, parsed as JSON), made
 * from the call's final attempt by openapi-fetch's own rules: a 204 or an empty body (length 0,
 * not chunked) gives `undefined`, a 2xx its JSON, any other status its body parsed as JSON or left
 * as text. The status is the mapped one (an envelope error is not `ok`), as on openapi-fetch's
 * road. The Response is made on first read of `response` (see {@link LazyResult}).
 */
export function fetchResult(final: Tried, key: string | undefined): FetchResult {
  const { out } = final;
  // Nothing openapi-fetch could parse (no answer, or a 2xx that is not the envelope): thrown.
  if (!out.response || out.error instanceof InvalidResponseError) throw out.error;
  const status = out.status ?? 500;
  const ok = status >= 200 && status < 300;
  // openapi-fetch reads these on the Response it gets, redacted: made here only when they matter.
  let response: Response | undefined;
  const empty =
    status === 204 ||
    (out.response.headers.get("content-length") === "0" &&
      !(response = responseOf(final, key)).headers.get("transfer-encoding")?.includes("chunked"));
  const value = empty ? undefined : ok ? out.json : errorOf(final, status);
  return new LazyResult(
    ok ? "data" : "error",
    value,
    final,
    key,
    response,
  ) as unknown as FetchResult;
}

/**
 * A result whose `response` is made on first read: the layer parsed the body already, and a
 * Response is a sixth of a call that reads only `data` or `error`. It is an own, enumerable
 * property (a spread or `Object.keys` sees it, as on openapi-fetch's result), defined with one
 * shared descriptor: a getter in an object literal is a new function per call and cost as much
 * as the rest of `GET`'s own work (`pnpm bench`, section 1). Unlike openapi-fetch's, the
 * Response's body can still be read.
 */
class LazyResult {
  #final: Tried;
  #key: string | undefined;
  #response: Response | undefined;
  static readonly #RESPONSE: PropertyDescriptor = {
    get(this: LazyResult) {
      return (this.#response ??= responseOf(this.#final, this.#key));
    },
    enumerable: true,
    configurable: true,
  };

  constructor(
    field: "data" | "error",
    value: unknown,
    final: Tried,
    key: string | undefined,
    response: Response | undefined,
  ) {
    // Set before `response`, so the keys come in openapi-fetch's order.
    (this as Record<string, unknown>)[field] = value;
    this.#final = final;
    this.#key = key;
    this.#response = response;
    Object.defineProperty(this, "response", LazyResult.#RESPONSE);
  }
}

/** An error status's body as openapi-fetch reads it: its JSON, or its text when it is not JSON. */
function errorOf({ out, body }: Tried, status: number): unknown {
  // The Response of a status that has no body (a 304) reads as "".
  if (NULL_BODY.includes(status)) return "";
  return out.json !== undefined ? out.json : body ? utf8.decode(body) : "";
}
