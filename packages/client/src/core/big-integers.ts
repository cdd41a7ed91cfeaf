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
 * Whether one value is a number past `Number.MAX_SAFE_INTEGER`; an object or array is put on the
 * stack to be looked into instead (the strings, most of a page, never are).
 */
function unsafeOrQueued(v: unknown, stack: object[]): boolean {
  if (typeof v === "number") return !(Math.abs(v) <= Number.MAX_SAFE_INTEGER);
  if (v !== null && typeof v === "object") stack.push(v);
  return false;
}

/**
 * Whether a parsed object or array holds a number past `Number.MAX_SAFE_INTEGER`. An explicit
 * stack: JSON.parse takes nesting deeper than a recursive walk could.
 */
function holdsUnsafeNumber(root: object): boolean {
  const stack = [root];
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (unsafeOrQueued(v[i], stack)) return true;
    } else
      for (const key in v)
        if (unsafeOrQueued((v as Record<string, unknown>)[key], stack)) return true;
  }
  return false;
}

/** A body as the envelope check and openapi-fetch read it: its text, and the JSON it holds. */
export interface ParsedBody {
  /** The text, rewritten when an integer past 2^53 was quoted. */
  text: string;
  json?: unknown;
  /** Set when the text is not JSON. */
  syntaxError?: unknown;
}

/**
 * Parses a body with every integer past `Number.MAX_SAFE_INTEGER` kept exact (as a string of its
 * digits). Parsed once; only a JSON object or array that turns out to hold an unsafe number (an
 * id sent bare, or a float that large) is rewritten with `quoteBigIntegers` and parsed again. A
 * KeyAPI page, its 19-digit ids all strings, costs a walk over its values (0.7 µs for ten reviews)
 * instead of a pattern over its bytes (3.8 µs). A bare number body is not an envelope: left as
 * it came.
 */
export function parseExact(text: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (syntaxError) {
    return { text, syntaxError };
  }
  if (json === null || typeof json !== "object" || !holdsUnsafeNumber(json)) return { text, json };
  const exact = quoteBigIntegers(text);
  return { text: exact, json: JSON.parse(exact) };
}
