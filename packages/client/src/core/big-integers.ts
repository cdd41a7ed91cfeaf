const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/** Whether the digits (no sign) name an integer past `Number.MAX_SAFE_INTEGER`. */
const unsafe = (digits: string) =>
  digits.length > MAX_SAFE.length || (digits.length === MAX_SAFE.length && digits > MAX_SAFE);

const QUOTE = 34; // "
const BACKSLASH = 92;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * JSON text with every integer literal (outside strings, no fraction or exponent) whose
 * magnitude exceeds `Number.MAX_SAFE_INTEGER` rewritten as a string of its exact digits:
 * `JSON.parse` would round it, and two ids would become one. One pass, character by character:
 * a regex over strings recursed past V8's stack on a 9 MB string and restarted at every escaped
 * quote of an unterminated one. Only what JSON calls a number is touched (no leading zeros), so
 * invalid JSON stays invalid for the parser to refuse.
 */
export function quoteBigIntegers(text: string): string {
  let out = "";
  let copied = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++)
        if (text.charCodeAt(i) === BACKSLASH) i++;
      i++;
    } else if (isDigit(c) || c === 45 /* - */) {
      const start = i;
      i++;
      while (i < text.length && isDigit(text.charCodeAt(i))) i++;
      const next = text.charCodeAt(i);
      const integer = next !== 46 /* . */ && next !== 101 && next !== 69; /* e E */
      const digits = text.slice(c === 45 ? start + 1 : start, i);
      if (integer && digits[0] !== "0" && unsafe(digits)) {
        out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
        copied = i;
      }
      // A fraction or exponent is skipped whole, so its digits are never read as an integer.
      while (i < text.length && /[\d.eE+-]/.test(text[i]!)) i++;
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
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
