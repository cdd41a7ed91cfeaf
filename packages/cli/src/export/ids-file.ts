import { readFile } from "node:fs/promises";
import { UsageError } from "../exit-codes.js";

/** The most ids a file may hold: a catalog, not a dump of everything. */
export const MAX_IDS = 1_000_000;

/**
 * The ids of `--ids-file FILE` (`-`: standard input): one a line, surrounding blanks trimmed,
 * blank lines and `#` comments skipped, each id once in the order first seen.
 */
export async function readIds(file: string, flag: string): Promise<string[]> {
  let text: string;
  try {
    text = file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${flag} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? "unreadable")}`,
    );
  }
  const ids = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const id = line.trim();
    if (id && !id.startsWith("#")) ids.add(id);
  }
  if (!ids.size) throw new UsageError(`${flag} ${file} holds no id (one a line, # for comments)`);
  if (ids.size > MAX_IDS) throw new UsageError(`${flag} ${file} holds over ${MAX_IDS} ids`);
  return [...ids];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
