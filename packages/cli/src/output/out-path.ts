import { lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../exit-codes.js";
import { keyInName } from "./key-shaped.js";

// What `--out` names decides how it is written. A regular file (or a new one) is written beside
// itself, locked, checkpointed and renamed into place; anything else is written as it is.

/**
 * A device, a pipe or a `/proc` link is written directly: `/dev/stdout` redirected to a file
 * must stay the shell's stream (following it to the file and renaming over that file would
 * leave the shell writing an orphan, or as root replace `/dev/stdout` itself). `/dev/shm` is a
 * folder of plain files (a RAM disk), written like any other.
 */
export function writesDirectly(out: string): boolean {
  if (/^\/(dev\/(?!shm\/)|proc\/)/.test(path.resolve(out))) return true;
  try {
    return !statSync(out).isFile();
  } catch {
    return false; // a new file
  }
}

/** What a pull appends to its output's name for the files it keeps beside it while it runs. */
export const SIDE_FILES = [
  ".partial",
  ".partial.failed",
  ".checkpoint",
  ".checkpoint.tmp",
  ".lock",
];
const SIDE_FILE = new RegExp(`(${SIDE_FILES.map((s) => s.replaceAll(".", "\\.")).join("|")})$`);

/** Links a path may pass through before it is refused as a loop (Linux's own bound). */
const MAX_LINKS = 40;

/**
 * Where a path's symlinks lead, the last one's target included when it does not exist yet (a
 * `latest.csv` pointing at today's file, not yet written): written, locked and renamed there,
 * the link left a link. A path that is no link is itself.
 */
function linkTarget(out: string): string {
  let at = out;
  for (let hops = 0; ; hops++) {
    try {
      if (!lstatSync(at).isSymbolicLink()) return at === out ? out : realpathSync(at);
    } catch {
      // Not there yet: the file is made here, in its folder as the folder's links resolve.
      if (at === out) return out;
      try {
        return path.join(realpathSync(path.dirname(at)), path.basename(at));
      } catch {
        return at; // no such folder: opening the output says so
      }
    }
    if (hops === MAX_LINKS)
      throw new UsageError(`--out ${out} is a loop of symlinks: name the file itself`);
    // The kernel reads a link's text from the folder the link is really in, and a `..` after a
    // linked folder climbs from where that folder really is: the folder part is the kernel's
    // to resolve (`realpath.native`); `path.resolve`, and JS's own realpath, drop `x/..` as text.
    const text = readlinkSync(at);
    // A link to a folder (`t7dir/`): the kernel would not write a file there, nor does this.
    if (text.endsWith("/"))
      throw new UsageError(`--out ${out} is a link to a folder (${text}): name a file`);
    const from = path.isAbsolute(text) ? "" : `${realpathSync.native(path.dirname(at))}/`;
    const folder = `${from}${path.dirname(text)}`;
    try {
      at = path.join(realpathSync.native(folder), path.basename(text));
    } catch {
      return `${folder}/${path.basename(text)}`; // no such folder: opening the output says so
    }
  }
}

/**
 * The path a run works on for `--out`: a symlink to a file is followed, so the lock, the side
 * files and the final rename are the target's (two names of one file are one output, and the
 * link stays a link). An empty `--out` is refused rather than meaning stdout.
 */
export function resolveOut(out: string): string {
  if (out === "") throw new UsageError("--out needs a file path");
  // Here too (not only in `checkGlobals`): an ids list's checks resolve --out before it.
  const key = keyInName(out);
  if (key) throw new UsageError(`--out ${key}: give the output a file name`);
  if (writesDirectly(out)) return out;
  const real = linkTarget(out);
  // Writing one would tear another run's pull (its data, checkpoint or lock) under it.
  const side = SIDE_FILE.exec(real);
  if (side)
    throw new UsageError(
      `--out ${out} ends in ${side[0]}, the name of a pull's side file: choose another name`,
    );
  return real;
}
