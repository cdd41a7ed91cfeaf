import { redact } from "./auth.js";
import { InvalidResponseError } from "./errors.js";
import type { Tried } from "./try-once.js";

// Statuses whose Response must have a null body (the Fetch standard's "null body status").
export const NULL_BODY = [101, 204, 205, 304];

// A reason phrase a Response can carry (HTTP's field-value bytes); any other is dropped.
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Whether a Response may hold the key (or an echo `redact` knows): in its URL, status text or
 * headers, or in the URLs it was redirected through (kept inside it, out of reach of a check).
 * One pattern over all of them: one per header cost 2.5–6 µs a call.
 */
export function echoesKey(response: Response, key: string): boolean {
  if (response.redirected) return true;
  let text = `${String(response.url ?? "")}\n${response.statusText}`;
  response.headers.forEach((value, name) => (text += `\n${name}: ${value}`));
  return redact(text, key) !== text;
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
  // quoted): its headers say so, for a caller who pipes it on. A length of 0 stays as it came,
  // and a body held empty drops the length: openapi-fetch reads "0" as "no body" (even a lying
  // one), and nothing else.
  headers.delete("content-encoding");
  const length = headers.get("content-length");
  if (!nullBody && length !== null && length !== "0") {
    if (body?.byteLength) headers.set("content-length", String(body.byteLength));
    else headers.delete("content-length");
  }
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
