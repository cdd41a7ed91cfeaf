const NOT_HTTP = "baseUrl is not an http(s) URL";

/**
 * Why a `baseUrl` cannot be used, or undefined: the client's own at creation and a per-call one
 * (openapi-fetch's option) alike. The messages never quote the URL: the runtime's own errors do,
 * password and all.
 */
export function baseUrlProblem(text: string): string | undefined {
  // `user:pw@host` and `localhost:8080` parse as URLs of a made-up scheme.
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) return NOT_HTTP;
  if (url.username || url.password)
    return "baseUrl: credentials in the URL are not supported; use apiKey or a header";
  // The operation's path is appended to it: `…/p?x=1` would become `…/p?x=1/v1/…`; a bare `?`
  // or `#` leaves `search` and `hash` empty, so the text is read.
  if (/[?#]/.test(text)) return "baseUrl: a query or fragment is not supported";
  return undefined;
}

/** The client's `baseUrl`, parsed, or the error creation throws. */
export function clientBaseUrl(text: string): URL {
  const problem = baseUrlProblem(text);
  if (problem)
    throw new (problem === NOT_HTTP ? TypeError : RangeError)(`createKeyApiClient: ${problem}`);
  return new URL(text);
}
