import {
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  removeTrailingSlash,
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
 * The GET openapi-fetch would build for a client of `baseUrl` and `headers` (the client's, merged
 * once with openapi-fetch's `mergeHeaders`), as a URL and an init: made with openapi-fetch's own
 * URL functions, so both roads send the same bytes. The URL is normalised as a Request would
 * (`new URL(…).href`); the headers are copied per call (a fifth of the cost of merging them),
 * since a caller's fetch may change them.
 */
export function directGet(baseUrl: string, headers: Headers) {
  const base = removeTrailingSlash(baseUrl);
  const querySerializer = createQuerySerializer();
  return (path: string, params: { query?: object; path?: object }): Outgoing => ({
    url: new URL(
      createFinalURL(path, {
        baseUrl: base,
        params: params as { query?: Record<string, unknown>; path?: Record<string, unknown> },
        querySerializer,
        pathSerializer: defaultPathSerializer,
      }),
    ).href,
    init: { method: "GET", headers: new Headers(headers), body: null, redirect: "follow" },
  });
}
