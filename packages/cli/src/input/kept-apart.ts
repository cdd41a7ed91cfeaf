import { statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../exit-codes.js";
import { resolveOut, SIDE_FILES, writesDirectly } from "../output/out-path.js";

// A file the run reads is kept apart from what it writes and from the key: the key must never
// be replaced, removed or sent as data, and a list of ids never replaced by the records.

/** A file the run reads, by the flag that names it and what it holds (for the refusal). */
export interface Input {
  file: string | undefined;
  flag: string;
  what: string;
}

/** The names standard input goes by. */
const STDIN = new Set(["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

const stat = (file: string) => statSync(file === "-" ? "/dev/stdin" : file);

/**
 * Whether two paths are one file, by device and inode when both exist (links followed), else by
 * name. `regular`: only a regular file counts; a terminal, pipe or device is no file to replace
 * (`--ids-file /dev/stdin --out /dev/stdout` at a terminal are one tty), but is one to read.
 */
export function sameFile(a: string, b: string, regular = true): boolean {
  try {
    const [x, y] = [stat(a), stat(b)];
    return (!regular || (x.isFile() && y.isFile())) && x.dev === y.dev && x.ino === y.ino;
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}

/**
 * `--ids-file X --out X` would replace the list with the records, `--api-key-file K --out K` (or
 * `--junit K`) the key, `>> K` (standard output) append to it: refused before anything, whatever
 * names the file (a symlink, `./`, a hard link, `-` for standard input redirected from it).
 */
export function refuseSameFile(
  input: Input,
  out: string | undefined,
  outFlag = "--out",
  written = "records",
): void {
  if (input.file && out && sameFile(input.file, out))
    throw new UsageError(
      `${input.flag} and ${outFlag} are the same file: the ${written} would replace ${input.what}`,
    );
}

/**
 * {@link refuseSameFile}, and the files a pull keeps beside `--out` (`FILE.partial`,
 * `FILE.lock`…, and `FILE.failed`, the list a pull of many leaves): each is replaced or removed
 * by the pull, so a key there was deleted, and a list of ids there (`--ids-file FILE.failed`, the
 * failures retried into the same `--out`) was rewritten with this run's failures alone: a run
 * stopped early (`--max-credits`, Ctrl-C) lost the ids it had not reached.
 */
export function refuseOverwrite(input: Input, out: string | undefined): void {
  // Without --out the records go to standard output, which `>> ids.txt` makes the list itself.
  refuseSameFile(input, out ?? "/dev/stdout", out === undefined ? "standard output" : "--out");
  if (!input.file || !out || writesDirectly(out)) return;
  const at = resolveOut(out);
  for (const side of [...SIDE_FILES, ".failed"])
    if (sameFile(input.file, at + side))
      throw new UsageError(
        `${input.flag} is ${out}${side}, a file the pull to --out ${out} replaces: ${input.what} would be lost (copy it elsewhere first)`,
      );
}

/**
 * A list of ids (or a request body) read from the key file would send the key to the API as data
 * and echo it into errors and `FILE.failed`: refused before either is read, whatever names the
 * file, standard input included (`--api-key-file - --ids-file -` would read it twice).
 */
export function refuseKeyAs(keyFile: string | undefined, input: Input): void {
  if (keyFile === undefined || input.file === undefined) return;
  if (STDIN.has(keyFile) && STDIN.has(input.file))
    throw new UsageError(
      `--api-key-file and ${input.flag} both read standard input: give one of them a file`,
    );
  if (sameFile(keyFile, input.file, false))
    throw new UsageError(
      `--api-key-file and ${input.flag} are the same file: the key would be sent as ${input.what}`,
    );
}
