// A JSON string (escapes and all), or a number. Strings are matched whole, so digits inside one
// are never read as a number; the alternatives cannot overlap, so the scan stays linear.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/** Whether the digits (no sign) name an integer past `Number.MAX_SAFE_INTEGER`. */
const unsafe = (digits: string) =>
  digits.length > MAX_SAFE.length || (digits.length === MAX_SAFE.length && digits > MAX_SAFE);

/**
 * JSON text with every integer literal (outside strings, no fraction or exponent) whose
 * magnitude exceeds `Number.MAX_SAFE_INTEGER` rewritten as a string of its exact digits:
 * `JSON.parse` would round it, and two ids would become one.
 */
export function quoteBigIntegers(text: string): string {
  return text.replace(TOKEN, (token) =>
    token[0] !== '"' && /^-?\d+$/.test(token) && unsafe(token.replace("-", ""))
      ? `"${token}"`
      : token,
  );
}

/**
 * The body as openapi-fetch and the envelope check should read it: a JSON object or array with a
 * bare 16-digit number (the shortest unsafe integer follows `[`, `:` or `,`) is scanned; every
 * other body, a KeyAPI page whose 19-digit ids are all strings included, is returned as it came.
 */
export const exactIntegers = (text: string): string =>
  // `\d{16}` first: it fails fast on most bodies, or stops at the first id.
  /\d{16}/.test(text) && /^\s*[[{]/.test(text) && /[[:,]\s*-?\d{16}/.test(text)
    ? quoteBigIntegers(text)
    : text;
