import { readFile } from "node:fs/promises";
import { UsageError } from "../exit-codes.js";

/** The most ids a file may hold: a catalog, not a dump of everything. */
export const MAX_IDS = 1_000_000;
/** The longest id a line may hold (TikTok's are 19 digits; a URL-like id a few hundred). */
export const MAX_ID_CHARS = 1_000;

/**
 * The ids of `--ids-file FILE` (`-`: standard input): one a line, surrounding blanks trimmed,
 * blank lines and `#` comments skipped, each id once in the order first seen.
 */
export async function readIds(file: string, flag: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = file === "-" ? await readStdin() : await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${flag} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? "unreadable")}`,
    );
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
  const lines = text.split(/\r\n|\r|\n/);
  for (const [i, line] of lines.entries()) {
    const id = line.trim();
    if (!id || id.startsWith("#")) continue;
    // A 100 MB line is no id: it was sent, then echoed whole to stderr and `<out>.failed`.
    if (id.length > MAX_ID_CHARS)
      throw new UsageError(
        `${flag} ${file} line ${i + 1} holds ${id.length} characters: an id is at most ${MAX_ID_CHARS}`,
      );
    // A tab or an escape inside an id is no id either: `FILE.failed` is id, tab, error, so a tab
    // in an id would split its line there, and an escape would reach the terminal with the error.
    const control = CONTROL.exec(id);
    if (control)
      throw new UsageError(
        `${flag} ${file} line ${i + 1} holds the control character ${codePoint(control[0])}: an id is printable text`,
      );
    ids.add(id);
  }
  if (!ids.size) throw new UsageError(`${flag} ${file} holds no id (one a line, # for comments)`);
  if (ids.size > MAX_IDS) throw new UsageError(`${flag} ${file} holds over ${MAX_IDS} ids`);
  return [...ids];
}

// C0, DEL, C1 and the bidirectional controls: what no id holds, and what a terminal, a
// tab-separated line or a reader's eye acts on.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const codePoint = (c: string) =>
  `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

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
