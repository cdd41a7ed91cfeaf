/**
 * C0 and C1 control characters (DEL included), the line and paragraph separators, and the
 * bidirectional overrides and isolates (which reorder what a reader sees); with line feeds kept,
 * all but `\n`.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_LF =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that may hold the vendor's words (a path, a field's name, a page's text) as it reaches a
 * terminal, a log or a CHANGELOG: each control character shown as `\u001b`, never acted on (an
 * escape sequence could recolour the terminal, set its title or hide a line of the table).
 */
export const printable = (text: string, { keepLines = false } = {}): string =>
  text.replace(
    keepLines ? CONTROL_BUT_LF : CONTROL,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** An error's message, printable, its lines kept. */
export const printableError = (error: unknown): string =>
  printable(error instanceof Error ? error.message : String(error), { keepLines: true });
