import { readFileSync, statSync } from "node:fs";

// A key typed into the wrong flag (`--api-key=KEY`, `--base-url KEY`, `--timeout KEY`) was
// quoted back by the refusal that names the value, into the terminal's scrollback and CI logs;
// a server's message could quote one too. What the CLI says of a mistake hides the key it was
// given (in any case, whatever its shape) and anything shaped like a key: the vendor's keys
// look like `sk_live_…`, and their tail is letters, digits and `_`, `-`, `.`, `~`, `+`, `/`, `=`.

/** The most a key file may hold: a key is some dozens of characters, a file of notes a few lines. */
export const MAX_KEY_FILE_BYTES = 4096;

const KEY_SHAPED = /sk_(?:live|test)_[\w.~+/=-]+/gi;

/** Whether `text` holds something shaped like a key (`sk_live_…`, `sk_test_…`, in any case). */
export const keyShaped = (text: string): boolean => /sk_(?:live|test)_/i.test(text);

/** Below this, a "key" (a test's `x`, a mistaken `13`) is found only as a whole value. */
const MIN_KEY_LENGTH = 8;

/**
 * Whether a text holds `key`, in any case: anywhere in it (a quoted or padded copy, a CSV
 * cell), or for a key too short to be one, only as the whole text (`13` is in id `100013`). Made
 * once per key: it is asked of every id of a million.
 */
export function holdsKey(key: string): (text: string) => boolean {
  const lower = key.trim().toLowerCase();
  return lower.length >= MIN_KEY_LENGTH
    ? (text) => text.toLowerCase().includes(lower)
    : (text) => text.trim().toLowerCase() === lower;
}

/**
 * Why `file` (a name the CLI creates: `--out`, a report) cannot be a file's name, when it holds a
 * key: one shaped like a key, or the run's own (`key`). It would name the file, its side files
 * and every line that says where the records are. Undefined when it holds none.
 */
export function keyInName(file: string, key?: string): string | undefined {
  if (keyShaped(file)) return "looks like an API key (sk_live_…)";
  if (key && holdsKey(key)(file)) return "holds the API key";
  return undefined;
}

/** `text` with `key` itself (in any case) and every key-shaped token as `[redacted]`. */
export function hideKeys(text: string, key?: string): string {
  const known = key?.trim();
  // The run's own key first, whole (a key with a quote in it would be cut by the shape's rule).
  // A short "key" would redact letters of every word: only one of a key's length is looked for.
  const own =
    known && known.length >= MIN_KEY_LENGTH ? text.replace(ownPattern(known), "[redacted]") : text;
  return own.replace(KEY_SHAPED, "[redacted]");
}

// One run has one key: compiled once, not once per failure line of a pull of many.
let compiled: [key: string, pattern: RegExp] | undefined;
const ownPattern = (key: string): RegExp => {
  if (compiled?.[0] !== key) compiled = [key, new RegExp(key.replace(/[^\w]/g, "\\$&"), "gi")];
  return compiled[1];
};

/**
 * Commander's refusal of an unknown option quotes it whole, value and all
 * (`unknown option '--api-key=KEY'`): the value of an option nobody knows is of no use, so it
 * goes, whatever its shape.
 */
export const withoutUnknownValue = (text: string): string =>
  text.replace(/(unknown option '[^'=]*)=[^']*'/g, "$1=…'");

/** The key this run read (one run, one key), for {@link runKey}. */
let readKey: string | undefined;

/** Keeps the key the run read: what it says is then said without it. */
export const rememberKey = (key: string | undefined): void => {
  readKey = key;
};

/**
 * The run's key, for what the CLI says to leave out: the one read, else `KEYAPI_API_KEY`'s, else
 * (a mistake said before the key was read: `--base-url KEY`) the key file's when it is a regular
 * file of a key's size. A FIFO or standard input is not read here: it would wait, or take the
 * key from the pull. Never throws: it serves the error path.
 */
export function runKey(g: { apiKeyFile?: string | undefined }): string | undefined {
  if (readKey !== undefined) return readKey;
  if (g.apiKeyFile === undefined || g.apiKeyFile === "-") return process.env.KEYAPI_API_KEY;
  try {
    const stat = statSync(g.apiKeyFile);
    if (stat.isFile() && stat.size <= MAX_KEY_FILE_BYTES) return readFileSync(g.apiKeyFile, "utf8");
  } catch {
    // unreadable: nothing of it can be quoted either
  }
  return undefined;
}
