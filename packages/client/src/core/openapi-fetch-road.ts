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
    // openapi-fetch rethrows only a truthy error: a falsy one (a signal aborted with `0`) is
    // carried across it, and `rethrowCarried` throws it as it was.
    const final = await send({ url: request.url, init }, ctx).catch((e: unknown) => {
      throw e || new Carried(e);
    });
    if (record) record.outcome = final.out;
    const delivered = responseOf(final, ctx.apiKey);
    if (record) record.delivered = delivered;
    return delivered;
  };
}

/** A falsy rejection, carried across openapi-fetch (which would drop it and fail on no Response). */
class Carried extends Error {
  constructor(readonly value: unknown) {
    super("a falsy rejection, carried across openapi-fetch");
  }
}

/** What a call through openapi-fetch rejects with: a carried falsy rejection as it was. */
export const rethrowCarried = (error: unknown): never => {
  throw error instanceof Carried ? error.value : error;
};

// A reason phrase a Response can carry (HTTP's field-value bytes); any other is dropped.
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether the key (or an echo `redact` knows) is in a Response's URL, status text or headers. */
export function echoesKey(response: Response, key: string): boolean {
  const echoes = (text: string) => redact(text, key) !== text;
  if (echoes(String(response.url ?? "")) || echoes(response.statusText)) return true;
  let found = false;
  response.headers.forEach((value, name) => (found ||= echoes(value) || echoes(name)));
  return found;
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
  const nullBody = NULL_BODY.includes(status);
  // The body held is decoded, and may have been rewritten (the key redacted, big integers
  // quoted): its headers say so, for a caller who pipes it on.
  headers.delete("content-encoding");
  if (!nullBody && body && headers.has("content-length"))
    headers.set("content-length", String(body.byteLength));
  const reason = status === response.status ? redact(response.statusText, key) : "";
  const mapped = new Response(nullBody ? null : body, {
    status,
    statusText: REASON.test(reason) ? reason : "",
    headers,
  });
  // A constructed Response has no url; middleware and logs expect the server's (a caller's
  // fetch may answer with a Response-like object that has none).
  return Object.defineProperty(mapped, "url", { value: redact(String(response.url ?? ""), key) });
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
