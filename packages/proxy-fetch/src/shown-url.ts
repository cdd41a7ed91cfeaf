/** A URL for a message with its user and password replaced by `…`, its host kept. */
export const withoutCredentials = (url: URL): string =>
  `${url.protocol}//${url.username || url.password ? "…@" : ""}${url.host}`;

/**
 * A proxy variable's value for a message: its scheme and host alone (a path may be a token), and
 * nothing of a value with an `@` (an unescaped `/`, `?` or `#` in a password makes its start parse
 * as the host) or of one that does not parse (`user:password`).
 */
export const shownProxy = (value: string, proxy: URL | undefined): string =>
  value.includes("@")
    ? "a value with an @ (not shown: it may hold a password)"
    : !proxy
      ? "a value that does not parse as a URL (not shown: it may hold a secret)"
      : `${withoutCredentials(proxy)}${proxy.pathname.replace(/^\/$/, "") || proxy.search || proxy.hash ? " followed by more (not shown: it may hold a secret)" : ""}`;
