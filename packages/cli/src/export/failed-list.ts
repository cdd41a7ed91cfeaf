import { closeSync, constants, openSync, rmSync, writeSync } from "node:fs";
import { outputError } from "../output/target.js";
import { failedPath } from "./checkpoint.js";

/** The list of entities a pull of many could not pull, one line each: `<data>.failed`. */
export interface FailedList {
  /** Where the lines go now; undefined without `--out` (they go to stderr). */
  file: string | undefined;
  /** This run's first page or failure came: the last run's list beside this data goes. */
  started(): void;
  /** Adds one line, on disk at once (before the checkpoint says the entity is done). */
  add(line: string): void;
  close(): void;
}

/**
 * Opens the list of failures of a pull of many whose data, stopped early, is kept at `keptAt`.
 * The list sits beside the data it goes with: `FILE.failed` beside `FILE`, and
 * `FILE.partial.failed` while a `FILE` from before stays in place, so a rerun stopped after its
 * first page leaves the last complete pull and its list together; the pull's end (`tidyFinished`,
 * resumable.ts) gives it `FILE.failed`'s name. A run refused before it sends anything (a flag,
 * the key) touches neither; a resumed run adds to its own list.
 */
export function openFailedList(keptAt: string | undefined, resumed: boolean): FailedList {
  const file = keptAt && failedPath(keptAt);
  let fd: number | undefined;
  let stale = !!file && !resumed;
  const fail = (e: unknown) => outputError(file!, e);
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
  };
}
