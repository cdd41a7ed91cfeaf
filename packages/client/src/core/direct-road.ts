import {
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  removeTrailingSlash,
} from "openapi-fetch";
import { flatQuery } from "./flat-query.js";
import type { Outgoing } from "./send.js";

const LAYER = ["signal", "timeoutMs", "deadlineMs", "maxRetries"];
/** The options each road's caller may pass and still go direct: its parameters, the layer's own. */
const DIRECT_OPTIONS = {
  get: new Set(["query", "path", ...LAYER]),
  GET: new Set(["params", ...LAYER]),
};
const isOnly = (value: object, names: Set<string>) =>
  Object.keys(value).every((key) => names.has(key));
const PARAMS = new Set(["query", "path"]);

/**
 * Whether a GET (`get`, or openapi-fetch's `GET`) is sent by the layer itself rather than through
 * openapi-fetch: only when no middleware could see the Request or the Response (none registered on
 * the client, ever) and the call has no option but its parameters and the layer's (anything else,
 * such as a plain-JS `headers`, `parseAs` or `middleware`, or a header parameter, is
 * openapi-fetch's to read). The answer is the same either way; this road builds no Request, and no
 * Response unless `GET`'s is read, about a third of a call.
 */
export function takesDirectRoad(
  options: object,
  middlewareSeen: boolean,
  verb: keyof typeof DIRECT_OPTIONS = "get",
  /** `GET`'s `params` (its own, read once by the caller). */
  params?: unknown,
): boolean {
  if (middlewareSeen || !isOnly(options, DIRECT_OPTIONS[verb])) return false;
  if (verb === "get") return true;
  // openapi-fetch reads `params.header` even when inherited; anything but an object is its to
  // refuse.
  return (
    params === undefined ||
    (typeof params === "object" &&
      params !== null &&
      isOnly(params, PARAMS) &&
      !("header" in params))
  );
}

/**
 * The GET openapi-fetch would build for a client of `baseUrl` and `headers` (the client's, merged
 * once with openapi-fetch's `mergeHeaders`), as a URL and an init: made with openapi-fetch's own
 * URL functions (a flat query by `flatQuery`, its equal), so both roads send the same bytes. The
 * headers are copied per call (a fifth of the cost of merging them), since a caller's fetch may
 * change them.
 *
 * A caller's `fetch` is handed the URL normalised, as openapi-fetch hands it a Request's `url`.
 * The runtime's fetch parses the URL itself (its Request does, the same way), so it gets the text
 * as built: parsing it here too cost 5–7 µs of a 65 µs `get` (`pnpm bench`'s section 1 stub).
 */
export function directGet(baseUrl: string, headers: Headers) {
  const base = removeTrailingSlash(baseUrl);
  const serialize = createQuerySerializer();
  const querySerializer = (query: Record<string, unknown>) => flatQuery(query) ?? serialize(query);
  return (
    path: string,
    params: { query?: object; path?: object },
    callersFetch: boolean,
  ): Outgoing => {
    const url = createFinalURL(path, {
      baseUrl: base,
      params: params as { query?: Record<string, unknown>; path?: Record<string, unknown> },
      querySerializer,
      pathSerializer: defaultPathSerializer,
    });
    return {
      url: callersFetch ? new URL(url).href : url,
      init: { method: "GET", headers: new Headers(headers), body: null, redirect: "follow" },
    };
  };
}
