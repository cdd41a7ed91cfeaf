/**
 * What no reader should get as it is: the C0 and C1 control characters (DEL included), the line
 * and paragraph separators, the bidirectional overrides, isolates and marks (which reorder what a
 * reader sees: "Trojan Source"), and the invisible ones that tell two equal-looking strings apart
 * (zero-width space, word joiners, soft hyphen, Mongolian vowel separator, Hangul filler, a
 * byte-order mark inside text). Zero-width (non-)joiners are
 * left: Persian, Indic scripts and emoji need them.
 */
const INVISIBLE =
  "\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b\\u200e\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\u3164\\ufeff";
/** All of it; all but line feeds; all but line feeds and tabs (generated source). */
const CONTROL = new RegExp(`[\\u0000-\\u001f${INVISIBLE}]`, "g");
const CONTROL_BUT_LF = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f${INVISIBLE}]`, "g");
/** `CONTROL` without the global flag, whose `lastIndex` would carry from one `test` to the next. */
const ANY_CONTROL = new RegExp(CONTROL.source);
const SOURCE_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${INVISIBLE}]`, "g");

/** Whether a name holds any of it (a name has no business holding a line feed either). */
export const hasInvisible = (text: string): boolean => ANY_CONTROL.test(text);

/** `printable`, cut to `most` characters first (a 5 MB value made a 5 MB line). */
export const printableCut = (text: string, most: number): string =>
  printable(text.length > most ? `${text.slice(0, most)}…` : text);

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * Text that may hold the vendor's words (a path, a field's name, a page's text) as it reaches a
 * terminal, a log or a CHANGELOG: each control character shown as `\u001b`, never acted on (an
 * escape sequence could recolour the terminal, set its title or hide a line of the table).
 */
export const printable = (text: string, { keepLines = false } = {}): string =>
  text.replace(keepLines ? CONTROL_BUT_LF : CONTROL, escape);

/**
 * A generated TypeScript or JSON file with the vendor's invisible characters written as `\u`
 * escapes: openapi-typescript prints descriptions into comments and enum values into string
 * literals as they are, so an escape sequence reached a terminal that showed `schema.ts`, and a
 * bidi override reordered what a reviewer read of the code ("Trojan Source"). The same escape
 * means the same character in a string literal (TypeScript's, JSON's, or the string Ajv builds a
 * pattern's RegExp from, backslashes doubled there), reads as text in a comment, and cannot
 * occur in an identifier; a raw line separator ends a `//` comment, the escape does not.
 */
export const sourceSafe = (text: string): string => text.replace(SOURCE_UNSAFE, escape);

/** An error's message, printable, its lines kept. */
export const printableError = (error: unknown): string =>
  printable(error instanceof Error ? error.message : String(error), { keepLines: true });
