const NOT_HTTP = "is not an http(s) URL";

/**
 * What is wrong with a `baseUrl` (said after its name), or undefined: the client's own at
 * creation and a per-call one (openapi-fetch's option) alike. The messages never quote the URL:
 * the runtime's own errors do, password and all. Exported so that a tool taking a base URL from
 * its user (the CLI's `--base-url`) refuses, in its own words, whatever the client would.
 *
 * @example
 * ```ts
 * baseUrlProblem("https://api.keyapi.ai/?x=1"); // "a query or fragment is not supported"
 * baseUrlProblem("https://api.keyapi.ai"); // undefined
 * ```
 */
export function baseUrlProblem(text: string): string | undefined {
  // `user:pw@host` and `localhost:8080` parse as URLs of a made-up scheme.
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) return NOT_HTTP;
  if (url.username || url.password)
    return "credentials in the URL are not supported; use apiKey or a header";
  // The operation's path is appended to it: `…/p?x=1` would become `…/p?x=1/v1/…`; a bare `?`
  // or `#` leaves `search` and `hash` empty, so the text is read.
  if (/[?#]/.test(text)) return "a query or fragment is not supported";
  // The parser trims spaces and control characters off the ends, which then sit inside the URL
  // once the path is appended (`http://host:9 /v1/…`): refused here, not on every call.
  if (!URL.canParse(`${text}/v1`)) return "ends with a space or a control character";
  return undefined;
}

/** The client's `baseUrl`, parsed, or the error creation throws. */
export function clientBaseUrl(text: string): URL {
  const problem = baseUrlProblem(text);
  if (problem === NOT_HTTP) throw new TypeError(`createKeyApiClient: baseUrl ${problem}`);
  if (problem) throw new RangeError(`createKeyApiClient: baseUrl: ${problem}`);
  return new URL(text);
}
