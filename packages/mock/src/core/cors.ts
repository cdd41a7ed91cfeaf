/**
 * The CORS response headers for a request from `origin` (undefined: not a cross-origin
 * request), or undefined when that origin is not allowed: the browser then blocks the answer,
 * as it would for a real API that does not list the page's origin.
 */
export function corsHeaders(
  origin: string | undefined,
  allowed: readonly string[] | "*",
  requestedHeaders: string | undefined,
): Record<string, string> | undefined {
  if (!origin) return {};
  if (allowed !== "*" && !allowed.includes(origin)) return undefined;
  return {
    "access-control-allow-origin": origin,
    vary: "Origin",
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    // Whatever the preflight asks for (authorization, content-type, the client's headers).
    "access-control-allow-headers": requestedHeaders || "authorization, content-type",
    // So that a page's client reads the request id and the server's requested wait.
    "access-control-expose-headers": "x-request-id, retry-after, retry-after-ms",
    "access-control-max-age": "600",
  };
}
