import {
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { outputError } from "../output/target.js";
import { failedPath, partialPath } from "./checkpoint.js";

/** The list of entities a pull of many could not pull, one line each: `<data>.failed`. */
export interface FailedList {
  /** Where the lines go now; undefined without `--out` (they go to stderr). */
  file: string | undefined;
  /** This run's first page or failure came: the last run's list beside this data goes. */
  started(): void;
  /** Lists an entity (its id as listed, and its line), on disk before the checkpoint counts it. */
  add(id: string, line: string): void;
  close(): void;
}

/**
 * Where the list of a pull to `out` goes, whose data, stopped early, is kept at `keptAt`; and
 * whether it is an earlier run's to add to. The list sits beside the data it goes with:
 * `FILE.failed` beside `FILE`, and `FILE.partial.failed` while a `FILE` from before stays in
 * place, so a rerun stopped after its first page leaves the last complete pull and its list
 * together; the pull's end (`tidyFinished`, resumable.ts) gives it `FILE.failed`'s name. A resumed
 * pull (`entities`, its checkpoint's) keeps its list where the earlier run put it, whatever became
 * of `FILE` since: beside `FILE.partial` when it is there, else at `FILE.failed` once an entity
 * has failed (a failure is listed before the checkpoint counts it).
 */
export function failedListAt(
  out: string | undefined,
  keptAt: string | undefined,
  entities: readonly number[] | undefined,
): { file: string | undefined; resumed: boolean } {
  if (!out || !keptAt) return { file: undefined, resumed: false };
  const beside = failedPath(partialPath(out));
  if (entities && existsSync(beside)) return { file: beside, resumed: true };
  if (entities?.includes(-1)) return { file: failedPath(out), resumed: true };
  return { file: failedPath(keptAt), resumed: false };
}

/**
 * Opens the list at `file`: the last run's list there goes once this run's first page or failure
 * comes (a run refused before it sends anything, a flag or the key, touches it not); a resumed
 * run adds to its own, never naming an entity twice (a kill between a failure's line and the
 * checkpoint that counts it has the entity asked again).
 */
export function openFailedList(file: string | undefined, resumed: boolean): FailedList {
  let fd: number | undefined;
  let stale = !!file && !resumed;
  const fail = (e: unknown) => outputError(file!, e);
  const listed = new Set(resumed && file ? idsListed(file) : []);
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
    add(id, line) {
      if (listed.has(id)) return;
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
      listed.add(id);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** The ids an earlier run listed (each line's first field); none when there is no list. */
function idsListed(file: string): string[] {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.split("\t")[0]!);
  } catch {
    return [];
  }
}
