/** A value the user gave for a URL, for a message: not echoed when it may hold a password. */
export const shownUrl = (value: string): string =>
  value.includes("@")
    ? "a value with an @ (not shown: it may hold a password)"
    : JSON.stringify(value);
