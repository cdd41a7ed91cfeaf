import { UsageError } from "../exit-codes.js";
import { readCapped, readProblem, sizeSaid, TooLarge } from "../input/read-capped.js";
import { forEachLine } from "./lines.js";

/** The most ids a file may hold: a catalog, not a dump of everything. */
export const MAX_IDS = 1_000_000;
/** The longest id a line may hold (TikTok's are 19 digits; a URL-like id a few hundred). */
export const MAX_ID_CHARS = 1_000;

/**
 * The ids of `--ids-file FILE` (`-`: standard input): one a line, surrounding blanks trimmed,
 * what follows a tab ignored, blank lines and `#` comments skipped, each id once in the order
 * first seen.
 */
export async function readIds(
  file: string,
  flag: string,
  maxBytes = MAX_FILE_BYTES,
): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readCapped(file, maxBytes);
  } catch (e) {
    if (e instanceof TooLarge)
      throw new UsageError(
        `${flag} ${file} is over ${sizeSaid(maxBytes)}: not a list of ids (at most ${MAX_IDS} of them)`,
      );
    throw new UsageError(`cannot read ${flag} ${file}: ${readProblem(e)}`);
  }
  // Ids are sent and paid for: text that is not plainly text is refused, not guessed at.
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${flag} ${file} is not UTF-8 text`);
  }
  if (text.includes("\0"))
    throw new UsageError(`${flag} ${file} holds a NUL byte: not a list of ids`);
  const ids = new Set<string>();
  // Any line end: LF, CRLF, or a lone CR (an old Mac file would otherwise be one long id).
  forEachLine(text, (line, i) => {
    // The first column of a tab-separated line: `FILE.failed` (id, tab, why) is an ids file, so
    // its failures are retried with `--ids-file FILE.failed`, no `cut -f1` needed.
    const id = line.trim().split("\t", 1)[0]!.trim();
    if (!id || id.startsWith("#")) return;
    // A 100 MB line is no id: it was sent, then echoed whole to stderr and `<out>.failed`.
    if (id.length > MAX_ID_CHARS)
      throw new UsageError(
        `${flag} ${file} line ${i + 1} holds ${id.length} characters: an id is at most ${MAX_ID_CHARS}`,
      );
    const hidden = unprintable(id);
    if (hidden) throw new UsageError(`${flag} ${file} line ${i + 1} holds ${hidden}`);
    ids.add(id);
    // Said as the cap is passed, not after five million ids are held.
    if (ids.size > MAX_IDS) throw new UsageError(`${flag} ${file} holds over ${MAX_IDS} ids`);
  });
  if (!ids.size) throw new UsageError(`${flag} ${file} holds no id (one a line, # for comments)`);
  return [...ids];
}

// Controls (C0, DEL, C1), the invisible format characters (zero-width spaces and joiners, the
// soft hyphen, bidi marks and overrides, a BOM mid-line), what Unicode says a renderer may
// ignore (Hangul fillers, variation selectors), private use, and the line and paragraph
// separators: what no id holds, and what a terminal, a tab-separated line, a line splitter or a
// reader's eye acts on. A line of U+200B alone looks blank in any editor, yet would be an id
// sent and paid for; one inside an id pulls another product than the one it looks like.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Co}]/u;
/** `U+001B`: how a character is named in a line for a person. */
export const codePoint = (c: string) =>
  `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * What makes `id` no printable id (`the control character U+0009: …`), undefined when it is
 * one. A tab inside an id would split its line in `FILE.failed` (id, tab, error).
 */
export function unprintable(id: string): string | undefined {
  const c = UNPRINTABLE.exec(id)?.[0];
  if (c === undefined) return undefined;
  const kind = /\p{Cc}/u.test(c) ? "control" : "invisible";
  return `the ${kind} character ${codePoint(c)}: an id is printable text`;
}

/** The largest ids file read: a million ids of TikTok's 19 digits are 20 MB. */
export const MAX_FILE_BYTES = 64 * 2 ** 20;

/** `--shard k/N`: which of N runs over one ids list this is. */
export interface Shard {
  k: number;
  n: number;
}

/** Reads `k/N` (1 ≤ k ≤ N); anything else is a usage error naming the flag. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const [k, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!(k >= 1 && n >= 1 && k <= n))
    throw new UsageError(`--shard must be k/N with 1 ≤ k ≤ N (for example 2/4), got "${text}"`);
  return { k, n };
}

/**
 * This run's part of the ids: every N-th id from the k-th, counted after repeats are dropped,
 * so N runs over the same file take each id exactly once between them.
 */
export const shardOf = (ids: string[], { k, n }: Shard): string[] =>
  ids.filter((_, i) => i % n === k - 1);

/** The ids of `--ids-file` (or `--each`'s file), or this shard's part of them. */
export async function idsOf(
  file: string,
  flag: string,
  shard: string | undefined,
): Promise<string[]> {
  const part = shard === undefined ? undefined : parseShard(shard);
  const ids = await readIds(file, flag);
  return part ? shardOf(ids, part) : ids;
}
