/**
 * A value the user gave for a URL, for a message: not echoed when it may hold a secret (a
 * password before an `@`, a `?password=` or `#token` after the address).
 */
export const shownUrl = (value: string): string =>
  value.includes("@")
    ? "a value with an @ (not shown: it may hold a password)"
    : /[?#]/.test(value)
      ? "a value with a query or fragment (not shown: it may hold a secret)"
      : JSON.stringify(value);
