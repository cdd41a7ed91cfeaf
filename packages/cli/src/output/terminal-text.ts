// Data from the API is untrusted: review text could carry escape sequences that move the
// cursor, rewrite the screen or set a window title. What is printed for a person goes through
// here; exports (json, ndjson, csv) keep the data as it came.

// CSI and OSC sequences (with their 8-bit forms) are removed whole, so their parameters do not
// remain as text; every other C0/C1 control and the bidirectional overrides become U+FFFD. An
// OSC is removed only with its terminator, on one line: an unterminated one would otherwise
// swallow the rest of the text (the CLI's own words after a server's message); its introducer
// alone is made inert instead.
const SEQUENCES =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c\n]{0,512}(?:\u0007|\u001b\\|\u009c)/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print on a terminal: tabs and newlines kept, everything else inert. */
export const forTerminal = (text: string): string =>
  text.replace(SEQUENCES, "").replace(CONTROLS, "\ufffd");

/**
 * One line for a person (or a line of `FILE.failed`): line ends and tabs folded to spaces, then
 * made inert. U+2028 and U+2029 end a line for JavaScript's `/m`, Python's `splitlines()` and
 * some editors.
 */
export const oneLine = (text: string): string =>
  forTerminal(text.replace(/[\t\r\n\u2028\u2029]+/g, " "));
