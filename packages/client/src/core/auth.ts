import { AuthenticationError, InsecureTransportError } from "./errors.js";

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The key from options, else from `KEYAPI_API_KEY` where a process environment exists, trimmed
 * (a key file's trailing newline). A key that a header cannot carry (a line break inside, a
 * control character, a space, non-ASCII) is refused here, once, with a message that holds no
 * key text: the runtime's own Headers error would quote the whole key.
 */
export function resolveApiKey(explicit: string | undefined): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const key = (explicit || env?.KEYAPI_API_KEY || "").trim();
  const bad = key.search(/[^\x21-\x7e]/);
  if (bad >= 0) {
    throw new AuthenticationError(
      `The API key has a character no HTTP header can carry at position ${bad + 1} (a line break, control character, space or non-ASCII): check the key file or KEYAPI_API_KEY`,
      { attempts: 0 },
    );
  }
  return key || undefined;
}

/** KeyAPI's own host; any other `baseUrl` is a backend of the caller's (a proxy, the mock). */
export const isVendorHost = (url: URL): boolean => /(^|\.)keyapi\.ai$/.test(url.hostname);

/**
 * Throws before anything is sent when the key is missing for KeyAPI itself or would travel in
 * clear text. Without a key, a call to another host (a team's proxy, which adds the key) goes out
 * with no Authorization header.
 */
export function assertCanSendKey(
  key: string | undefined,
  url: URL,
  allowInsecureHttp: boolean | undefined,
): string | undefined {
  if (!key && !isVendorHost(url)) return undefined;
  if (!key) {
    throw new AuthenticationError(
      "No API key: pass `apiKey` or set the KEYAPI_API_KEY environment variable",
      { status: 401, attempts: 0 },
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.includes(url.hostname) && !allowInsecureHttp) {
    throw new InsecureTransportError(
      `API key not sent over plain http to ${url.host}: use https or allowInsecureHttp: true`,
      { attempts: 0 },
    );
  }
  return key;
}

/**
 * Matches the key with each character as itself, a JSON `\uXXXX` escape (either hex case), a
 * JSON short escape (`\/`, `\"`, `\\`) or percent-encoded, in any mix: a server may echo the
 * key through PHP's json_encode, an ASCII-only JSON encoder or a URL.
 */
function keyPattern(key: string): RegExp {
  const forms = [...key].map((c) => {
    // Either case of each hex digit, without the `i` flag that would also fold the key's letters.
    const hex = c
      .charCodeAt(0)
      .toString(16)
      .padStart(2, "0")
      .replace(/./g, (d) => `[${d}${d.toUpperCase()}]`);
    // `\\?`: JSON's short escapes (`\/`, `\"`, `\\`); before any other character it is not JSON.
    return `(?:\\\\?${c.replace(/\W/, "\\$&")}|\\\\u00${hex}|%${hex})`;
  });
  return new RegExp(forms.join(""), "g");
}

// One client has one key: compiled once, not per body.
let cached: [key: string, pattern: RegExp] | undefined;

/** Removes every echo of the key (literal, JSON-escaped or percent-encoded) from text. */
export function redact(text: string, key: string | undefined): string {
  if (!key || key.length < 4) return text;
  // Only an escape (`\`, `%`) can hide the key from a plain search: most text skips the pattern.
  if (!text.includes(key) && !/[\\%]/.test(text)) return text;
  if (cached?.[0] !== key) cached = [key, keyPattern(key)];
  return text.replace(cached[1], "[redacted]");
}

/**
 * An error message the client builds, safe to log: no echo of the key, and no credentials of a
 * URL (`scheme://user:password@host` → `scheme://[redacted]@host`), which runtimes quote.
 */
export const redactMessage = (text: string, key: string | undefined): string =>
  redact(text.replace(/\b([a-z][\w+.-]*:\/\/)[^\s/?#@]*@/gi, "$1[redacted]@"), key);
