import { assertCanSendKey, redact } from "./auth.js";
import { InvalidResponseError } from "./errors.js";
import type { CallRecord } from "./outcomes.js";
import { send, type SendContext } from "./send.js";
import type { Tried } from "./try-once.js";

// Statuses whose Response must have a null body (the Fetch standard's "null body status").
export const NULL_BODY = [101, 204, 205, 304];

/**
 * The fetch handed to openapi-fetch (middleware cannot re-send, so retries live beneath it): the
 * Request taken apart once, the call sent, and a Response made of what it came to. `record`, when
 * given, is told the outcome and the Response delivered (see `outcomes.ts`).
 */
export function fetchFor(ctx: SendContext, record?: CallRecord) {
  return async (request: Request): Promise<Response> => {
    // The key's rules for the URL this request goes to: a per-call `baseUrl` or a middleware's
    // new Request may point elsewhere than the client's own.
    assertCanSendKey(ctx.apiKey, new URL(request.url), ctx.settings.allowInsecureHttp);
    // Authorization and User-Agent are already among openapi-fetch's headers (set at creation).
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body && (await request.arrayBuffer()),
      redirect: request.redirect,
    };
    const final = await send({ url: request.url, init }, ctx);
    if (record) record.outcome = final.out;
    const delivered = responseOf(final, ctx.apiKey);
    if (record) record.delivered = delivered;
    return delivered;
  };
}

/**
 * The Response handed to openapi-fetch and its middleware: a new one holding the bytes read
 * and the server's headers, with the mapped status for an envelope error (openapi-fetch routes by
 * `ok`). The server's Response is left as it came. No response (network, timeout) or a 2xx that
 * is not JSON leaves nothing for openapi-fetch to parse: the error is thrown.
 */
export function responseOf({ out, body }: Tried, key: string | undefined): Response {
  const { error, status = 500, response } = out;
  if (!response || error instanceof InvalidResponseError) throw error;
  // The key echoed in a header, the status text or a redirect's URL is redacted like the body:
  // openapi-fetch's `response` reaches middleware and logs.
  const headers = new Headers(response.headers);
  if (key) redactHeaders(headers, key);
  const mapped = new Response(NULL_BODY.includes(status) ? null : body, {
    status,
    statusText: status === response.status ? redact(response.statusText, key) : "",
    headers,
  });
  // A constructed Response has no url; middleware and logs expect the server's.
  return Object.defineProperty(mapped, "url", { value: redact(response.url, key) });
}

/**
 * The key's echoes taken out of every header, each rewritten only when it held one.
 * Set-Cookie is read and written one cookie at a time: `forEach` hands each cookie apart, and a
 * `set` per cookie would leave only the last.
 */
function redactHeaders(headers: Headers, key: string): void {
  const cookies = headers.getSetCookie();
  const clean = cookies.map((cookie) => redact(cookie, key));
  if (clean.some((cookie, i) => cookie !== cookies[i])) {
    headers.delete("set-cookie");
    for (const cookie of clean) headers.append("set-cookie", cookie);
  }
  const changed: [string, string][] = [];
  const named: string[] = [];
  headers.forEach((value, name) => {
    const safe = redact(value, key);
    if (redact(name, key) !== name) named.push(name);
    else if (name !== "set-cookie" && safe !== value) changed.push([name, safe]);
  });
  for (const [name, value] of changed) headers.set(name, value);
  // A header named after the key cannot be renamed to a redacted name (brackets are not allowed
  // in one): it goes.
  for (const name of named) headers.delete(name);
}
