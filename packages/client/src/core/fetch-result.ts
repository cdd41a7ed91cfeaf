import { InvalidResponseError } from "./errors.js";
import { echoesKey, NULL_BODY, responseOf } from "./response-of.js";
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
 * road.
 *
 * A plain object, as openapi-fetch's is, whose `response` is made on first read: the layer
 * parsed the body already, and a Response is a sixth of a call that reads only `data` or
 * `error`. Assigning `response` replaces it. A Response whose URL, status text or headers echo
 * the key is made (redacted) at once, so that a result never holds the key. Unlike
 * openapi-fetch's, its body can still be read.
 */
export function fetchResult(final: Tried, key: string | undefined): FetchResult {
  const { out } = final;
  // Nothing openapi-fetch could parse (no answer, or a 2xx that is not the envelope): thrown.
  if (!out.response || out.error instanceof InvalidResponseError) throw out.error;
  const status = out.status ?? 500;
  const ok = status >= 200 && status < 300;
  // Made now, redacted, when the key is echoed in it (the server's Response is then not kept):
  // a result never holds the key.
  const state: Lazy =
    key && echoesKey(out.response, key)
      ? { response: responseOf(final, key) }
      : { final, response: undefined };
  // openapi-fetch reads these on the Response it gets (its values trimmed of HTTP whitespace).
  const empty =
    status === 204 ||
    (out.response.headers.get("content-length")?.replace(HTTP_SPACE, "") === "0" &&
      !responseNow(state).headers.get("transfer-encoding")?.includes("chunked"));
  const value = empty ? undefined : ok ? out.json : errorOf(final, status);
  const result = ok ? { data: value } : { error: value };
  Object.defineProperty(result, LAZY, { value: state });
  return Object.defineProperty(result, "response", RESPONSE) as FetchResult;
}

const HTTP_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** A result's Response, made on first read; the attempt it is made of holds no key. */
interface Lazy {
  final?: Tried;
  response: Response | undefined;
}
const responseNow = (state: Lazy) => {
  if (state.response) return state.response;
  const response = responseOf(state.final!, undefined);
  // Kept for the next read unless the state was frozen (Reflect.set does not throw).
  Reflect.set(state, "response", response);
  return response;
};

// Where a result keeps its Lazy: a symbol, not enumerable (no spread, JSON or clone copies it),
// read through `this`, so a Proxy of the result or an object made from it finds it too.
const LAZY = Symbol("response");

/**
 * The `response` of every result, one descriptor for all: a getter made per result (a closure)
 * cost as much as the rest of `GET`'s own work (`pnpm bench`, section 1). Assigning `response`
 * makes it a plain data property, as on openapi-fetch's result.
 */
const RESPONSE: PropertyDescriptor = {
  get(this: { [LAZY]?: Lazy } | undefined) {
    const state = this?.[LAZY];
    if (!state) throw new TypeError("response: not read from a result of GET");
    return responseNow(state);
  },
  set(this: { [LAZY]: Lazy }, value: unknown) {
    const data = { value, writable: true, enumerable: true, configurable: true };
    if (Reflect.defineProperty(this, "response", data)) return;
    // A sealed result cannot turn the accessor into data, but takes the value as a plain one
    // would; a frozen one refuses it, as in strict mode.
    if (Object.isFrozen(this))
      throw new TypeError("Cannot assign to read only property 'response'");
    this[LAZY].response = value as Response;
  },
  enumerable: true,
  configurable: true,
};

/** An error status's body as openapi-fetch reads it: its JSON, or its text when it is not JSON. */
function errorOf({ out, body }: Tried, status: number): unknown {
  // The Response of a status that has no body (a 304) reads as "".
  if (NULL_BODY.includes(status)) return "";
  return out.json !== undefined ? out.json : body ? utf8.decode(body) : "";
}
