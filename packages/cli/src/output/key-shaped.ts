// A key typed into the wrong flag (`--api-key=KEY`, `--base-url KEY`, `--timeout KEY`) was
// quoted back by the refusal that names the value, into the terminal's scrollback and CI logs.
// What the CLI says of a mistake hides what has a key's shape (the vendor's keys look like
// `sk_live_…`) and the key it was given, in any case.

const KEY_SHAPED = /\bsk_(?:live|test)_[^\s'"`,;)]*/gi;

/** `text` with every key-shaped token, and `key` itself (in any case), as `[redacted]`. */
export function hideKeys(text: string, key?: string): string {
  let hidden = text.replace(KEY_SHAPED, "[redacted]");
  const known = key?.trim();
  // A short "key" (a test's `x`) would redact letters of every word: only a real one is looked for.
  if (known && known.length >= 8)
    hidden = hidden.replace(new RegExp(known.replace(/\W/g, "\\$&"), "gi"), "[redacted]");
  return hidden;
}

/**
 * Commander's refusal of an unknown option quotes it whole, value and all
 * (`unknown option '--api-key=KEY'`): the value of an option nobody knows is of no use, so it
 * goes, whatever its shape.
 */
export const withoutUnknownValue = (text: string): string =>
  text.replace(/(unknown option '[^'=]*)=[^']*'/g, "$1=…'");
