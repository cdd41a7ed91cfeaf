/** A browser page (a `window` with a `document`) or one of its workers, where a key is public. */
export const inBrowser = (): boolean =>
  ("window" in globalThis && "document" in globalThis) || "WorkerGlobalScope" in globalThis;

/** What the browser rule reads. */
export interface BrowserFacts {
  browser: boolean;
  /** A key is configured (an option, or the environment). */
  hasKey: boolean;
  /** `baseUrl` is KeyAPI's own host, not a backend of the team's. */
  vendorHost: boolean;
  dangerouslyAllowBrowser: boolean;
}

/**
 * Why a client may not be created here, or undefined when it may. In a browser the only safe
 * shape is the proxy pattern: no key in the page, `baseUrl` at the team's own backend, which adds
 * the key. Anything else needs `dangerouslyAllowBrowser: true`.
 */
export function browserRefusal(f: BrowserFacts): string | undefined {
  if (!f.browser || f.dangerouslyAllowBrowser || (!f.hasKey && !f.vendorHost)) return undefined;
  return `createKeyApiClient: this looks like a browser, where ${
    f.hasKey
      ? "an API key is visible to everyone who opens the page"
      : "calling KeyAPI needs a key in the page"
  }. Point \`baseUrl\` at your own backend instead and keep the key there (no apiKey in the page: the backend adds it), or pass \`dangerouslyAllowBrowser: true\` if you accept the risk.`;
}
