/** A URL for a message with its user and password replaced by `…`, its host kept. */
export const withoutCredentials = (url: URL): string =>
  `${url.protocol}//${url.username || url.password ? "…@" : ""}${url.host}`;

/**
 * A proxy variable's value for a message: its scheme and host alone (a path may be a token, a
 * value that is no URL may be `user:password`).
 */
export const shownProxy = (proxy: URL | undefined): string =>
  !proxy
    ? "a value that does not parse as a URL (not shown: it may hold a secret)"
    : `${withoutCredentials(proxy)}${proxy.pathname.replace(/^\/$/, "") || proxy.search || proxy.hash ? " followed by more (not shown: it may hold a secret)" : ""}`;
