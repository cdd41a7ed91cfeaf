import { AuthenticationError, InsecureTransportError } from "./errors.js";

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The key from options (when given at all), else from `KEYAPI_API_KEY` where a process
 * environment exists, trimmed (a key file's trailing newline). A key that a header cannot carry
 * (a line break inside, a control character, a space, non-ASCII) is refused here, once, with a
 * message that holds no key text: the runtime's own Headers error would quote the whole key.
 */
export function resolveApiKey(explicit: string | undefined): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  // An `apiKey` given empty is no key, not the environment's: a tenant's unset key must not
  // send the process's own.
  const key = (explicit ?? env?.KEYAPI_API_KEY ?? "").trim();
  const bad = key.search(/[^\x21-\x7e]/);
  if (bad >= 0) {
    throw new AuthenticationError(
      `The API key has a character no HTTP header can carry at position ${bad + 1} (a line break, control character, space or non-ASCII): check the key file or KEYAPI_API_KEY`,
      { attempts: 0, reason: "unsendable-api-key" },
    );
  }
  return key || undefined;
}

// A header name as HTTP defines it (a token).
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;

/**
 * The `headers` option as a Headers (a record, pairs or a Headers instance, as fetch takes
 * them). One that cannot be refuses with a message that quotes no value (the runtime's own error
 * does, and a value may be a token) and names a header only when its name is a valid one, so
 * that it is its value that failed: a bad name may be anything, a token pasted into it included.
 */
export function clientHeaders(given: HeadersInit | undefined): Headers {
  try {
    return new Headers(given);
  } catch {
    let name: string | undefined;
    try {
      const pairs =
        given instanceof Headers ? [] : Array.isArray(given) ? given : Object.entries(given ?? {});
      const bad = pairs.find((pair) => {
        try {
          new Headers([pair as [string, string]]);
          return false;
        } catch {
          return true;
        }
      });
      if (bad && HEADER_NAME.test(String(bad[0]))) name = String(bad[0]).slice(0, 64);
    } catch {
      // A getter that throws: said without a name.
    }
    throw new TypeError(
      name
        ? `createKeyApiClient: headers: the value of ${JSON.stringify(name)} is not one an HTTP header can carry (a line break, a control character, non-ASCII)`
        : "createKeyApiClient: headers: not names and values an HTTP header can carry (give a record, pairs or a Headers)",
    );
  }
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
      { status: 401, attempts: 0, reason: "no-api-key" },
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.includes(url.hostname) && !allowInsecureHttp) {
    throw new InsecureTransportError(
      `API key not sent over plain http to ${url.host}: use https or allowInsecureHttp: true`,
      { attempts: 0, reason: "insecure-transport" },
    );
  }
  return key;
}

/**
 * Matches the key with each character as itself, a JSON `\uXXXX` escape, a JSON short escape
 * (`\/`, `\"`, `\\`) or percent-encoded (once or twice), in any mix and any letter case: a server
 * may echo the key through PHP's json_encode, an ASCII-only JSON encoder, JSON inside JSON, a URL
 * or an upper-casing error page. A run of backslashes before a character is taken whole (an even
 * run is escaped backslashes, an odd one escapes the character), so what is left stays valid
 * JSON; the run is bounded so a body of backslashes cannot make the scan quadratic.
 */
function keyPattern(key: string): RegExp {
  const forms = [...key].map((c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(2, "0");
    return `(?:\\\\{0,8}${c.replace(/\W/, "\\$&")}|\\\\{1,8}u00${hex}|%(?:25)?${hex})`;
  });
  return new RegExp(forms.join(""), "gi");
}

// One client has one key: compiled once, not per body.
let cached: [key: string, anyForm: RegExp, asIs: RegExp] | undefined;

/** Removes every echo of the key (literal, JSON-escaped, percent-encoded, any case) from text. */
export function redact(text: string, key: string | undefined): string {
  if (!key || key.length < 4) return text;
  if (cached?.[0] !== key)
    cached = [key, keyPattern(key), new RegExp(key.replace(/\W/g, "\\$&"), "gi")];
  // Every escaped form starts with a backslash or a percent sign: a text with neither can only
  // hold the key as it is, in some letter case, which a plain pattern finds ten times faster
  // (measured: 0.6 µs against 8 µs for a 2 KB page of reviews).
  const forms = text.includes("\\") || text.includes("%") ? cached[1] : cached[2];
  return text.replace(forms, "[redacted]");
}

/** C0 and C1 controls (ESC, CR, LF, an 8-bit CSI) and the bidi overrides and isolates. */
const CONTROLS = /[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * An error message the client builds, safe to log: at most 1,000 characters (a vendor's 80 KB
 * stack trace is not a message), no echo of the key, no credentials of a URL
 * (`scheme://user:password@host` → `scheme://[redacted]@host`), which runtimes quote, and one
 * inert line: the server's text reaches terminals and log files, so a control character in it is
 * shown as its escape (`\u001b`), never forging a log line or moving the cursor. The patterns are
 * bounded, so the work stays linear in the text.
 */
export const redactMessage = (text: string, key: string | undefined): string => {
  // Cut after redacting (a cut key would leave its readable start behind) and escaping (5,000
  // BELs are 30,000 characters escaped), never inside an escape (`\u00` left behind).
  const safe = redact(
    text.replace(/\b([a-z][\w+.-]{0,31}:\/\/)[^\s/?#]{0,256}@/gi, "$1[redacted]@"),
    key,
  ).replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return safe.length > 1_000 ? `${safe.slice(0, 1_000).replace(/\\(u[\da-f]{0,3})?$/, "")}…` : safe;
};
