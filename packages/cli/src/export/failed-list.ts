import { closeSync, constants, existsSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { syncPath } from "../output/sync-fs.js";
import { outputError } from "../output/target.js";

/** The list of entities a pull of many could not pull, one line each: `<data>.failed`. */
export interface FailedList {
  /** Where the lines go now; undefined without `--out` (they go to stderr). */
  file: string | undefined;
  /** This run's first page or failure came: the last run's list beside this data goes. */
  started(): void;
  /** Adds one line, on disk at once (before the checkpoint says the entity is done). */
  add(line: string): void;
  close(): void;
  /** The pull is complete and its data took `out`'s name: the list takes `out.failed`'s. */
  completed(): void;
}

/**
 * Opens the list of failures of a pull to `out` whose data, stopped early, is kept at `keptAt`.
 * The list sits beside the data it goes with: `FILE.failed` beside `FILE`, and
 * `FILE.partial.failed` while a `FILE` from before stays in place, so a rerun stopped after its
 * first page leaves the last complete pull and its list together. A run refused before it sends
 * anything (a flag, the key) touches neither; a resumed run adds to its own list.
 */
export function openFailedList(
  out: string | undefined,
  keptAt: string | undefined,
  resumed: boolean,
): FailedList {
  const file = keptAt && `${keptAt}.failed`;
  let fd: number | undefined;
  let stale = !!file && !resumed;
  const fail = (e: unknown, name = file!) => outputError(name, e);
  return {
    file,
    started() {
      if (!stale) return;
      stale = false;
      try {
        rmSync(file!, { force: true });
      } catch (e) {
        throw fail(e);
      }
    },
    add(line) {
      // Never through a link planted under its name; new (O_EXCL) unless resumed.
      const how = resumed ? constants.O_APPEND : constants.O_EXCL;
      try {
        fd ??= openSync(
          file!,
          constants.O_WRONLY | constants.O_CREAT | how | constants.O_NOFOLLOW,
          0o666,
        );
        writeSync(fd, line);
      } catch (e) {
        throw fail(e);
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
    completed() {
      const final = `${out}.failed`;
      if (!file || file === final) return;
      // A kill between the data's rename and this one leaves the last pull's list beside the
      // new data: the window of two renames, said in docs/cli.md.
      try {
        if (existsSync(file)) renameSync(file, final);
        else rmSync(final, { force: true });
        syncPath(path.dirname(path.resolve(final)));
      } catch (e) {
        throw fail(e, final);
      }
    },
  };
}
