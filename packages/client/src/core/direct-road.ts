import {
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  mergeHeaders,
  removeTrailingSlash,
  type HeadersOptions,
} from "openapi-fetch";
import type { Outgoing } from "./send.js";

/** `get`'s parameters and the per-call options the layer itself reads: with only these, no Request. */
const GET_OPTIONS = new Set(["query", "path", "signal", "timeoutMs", "deadlineMs", "maxRetries"]);

/**
 * Whether `get` sends its request itself rather than through openapi-fetch: only when no
 * middleware could see the Request or the Response (none registered on the client, ever) and the
 * call has no option but the layer's (anything else, such as a plain-JS `headers` or
 * `middleware`, is openapi-fetch's to read). The answer is the same either way; this road builds
 * no Request and no Response, about a third of a call.
 */
export const takesDirectRoad = (options: object, middlewareSeen: boolean): boolean =>
  !middlewareSeen && Object.keys(options).every((key) => GET_OPTIONS.has(key));

/**
 * The GET openapi-fetch would build for a client of `baseUrl` and `headers`, as a URL and an
 * init: made with openapi-fetch's own URL and header functions, so both roads send the same
 * bytes. The URL is normalised as a Request would (`new URL(…).href`); a fresh Headers per call,
 * since a caller's fetch may change it.
 */
export function directGet(baseUrl: string, headers: HeadersOptions) {
  const base = removeTrailingSlash(baseUrl);
  const querySerializer = createQuerySerializer();
  // Merged once as openapi-fetch merges them per call (undefined dropped, names lower-cased);
  // copying a Headers costs a fifth of merging an object again.
  const merged = mergeHeaders(headers);
  return (path: string, params: { query?: object; path?: object }): Outgoing => ({
    url: new URL(
      createFinalURL(path, {
        baseUrl: base,
        params: params as { query?: Record<string, unknown>; path?: Record<string, unknown> },
        querySerializer,
        pathSerializer: defaultPathSerializer,
      }),
    ).href,
    init: { method: "GET", headers: new Headers(merged), body: null, redirect: "follow" },
  });
}
