import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  rmSync,
  writeSync,
} from "node:fs";
import type { ResumableOutput } from "../output/resumable.js";
import { coded, readRegular } from "../output/read-regular.js";
import { outputError } from "../output/target.js";
import { forEachLine } from "./lines.js";
import { failedPath, partialPath } from "./checkpoint.js";

/** The list of entities a pull of many could not pull, one line each: `<data>.failed`. */
export interface FailedList {
  /** Where the lines go now; undefined without a checkpointed `--out` (they go to stderr). */
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
 * pull adds to the list its checkpoint names, whatever became of `FILE` since; one from an older
 * checkpoint, which names none, to `FILE.failed`, where its runs listed. A device or pipe
 * (`--out /dev/stdout`) has no list beside it: the failures go to stderr.
 */
export function failedListAt(
  out: string | undefined,
  keptAt: string | undefined,
  resumable: Pick<ResumableOutput, "startEntities" | "startFailed"> | undefined,
): { file: string | undefined; resumed: boolean } {
  if (!out || !keptAt || !resumable) return { file: undefined, resumed: false };
  if (resumable.startFailed) return { file: resumable.startFailed, resumed: true };
  if (resumable.startEntities?.includes(-1)) return { file: failedPath(out), resumed: true };
  return { file: failedPath(keptAt), resumed: false };
}

/** What {@link openFailedList} opens. */
export interface FailedListOptions {
  /** Where the lines go; undefined: to stderr. */
  file: string | undefined;
  /** An earlier run's list, to add to. */
  resumed: boolean;
  /** The pull's `--out`: the list takes `FILE.failed` at the end. */
  out: string;
  /** The entities the checkpoint counts as failed, as listed (a resumed run's). */
  failedIds: ReadonlySet<string>;
}

/**
 * Opens the list. A folder at its name or at the one it takes at the end is refused now, before anything is bought,
 * and another run's leftover beside `FILE.partial` goes (the end renames a list there). The last
 * run's list at `file` goes once this run's first page or failure comes (a run refused before it
 * sends anything, a flag or the key, touches it not). A resumed run's list is made to name
 * exactly the entities its checkpoint counts as failed, each once: one listed just before a kill
 * is asked again (and listed again only if it fails again), and one whose line was lost is named
 * as failed in an earlier run.
 */
export function openFailedList(o: FailedListOptions): FailedList {
  const { file, resumed } = o;
  const fail = (e: unknown, name = file!) => outputError(name, e);
  if (!file) return { file, started() {}, add() {}, close() {} };
  for (const name of [file, failedPath(o.out)]) {
    if (isFolder(name)) throw fail(coded("EISDIR"), name);
  }
  // Another run's leftover beside FILE.partial, unless it is this run's own.
  const beside = failedPath(partialPath(o.out));
  try {
    if (beside !== file || !resumed) rmSync(beside, { force: true });
  } catch (e) {
    throw fail(e, beside);
  }
  let fd: number | undefined;
  let stale = !resumed;
  const listed = new Set<string>();
  const openList = (how: number) => {
    // Never through a link planted under its name, nor blocked on a FIFO swapped in mid-run
    // (O_NONBLOCK: ENXIO without a reader, and one with a reader is refused below).
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW;
    const opened = openSync(file, flags | constants.O_NONBLOCK | how, 0o666);
    if (!fstatSync(opened).isFile()) {
      closeSync(opened);
      throw coded("ENOTREG");
    }
    return opened;
  };
  if (resumed) {
    // Looked at before it is read: a FIFO there blocked the read, and the run with it, past
    // Ctrl-C. Without --resume whatever is there is replaced.
    const strange = strangeAt(file);
    if (strange) throw fail(coded(strange));
    const kept: string[] = [];
    let changed = false;
    try {
      if (existsSync(file))
        forEachLine(readRegular(file, MAX_LIST_BYTES), (line) => {
          if (!line) return;
          const id = line.split("\t")[0]!;
          // Only this pull's failures are kept: a list of any length holds at most those.
          if (!o.failedIds.has(id) || listed.has(id)) return void (changed = true);
          listed.add(id);
          kept.push(line);
        });
    } catch (e) {
      throw fail(e);
    }
    for (const id of o.failedIds) {
      if (listed.has(id)) continue;
      listed.add(id);
      kept.push(`${id}\tfailed in an earlier run (its line was lost)`);
      changed = true;
    }
    // Rewritten only when it changes (rare: a kill between a line and its checkpoint).
    if (changed) {
      try {
        fd = openList(constants.O_TRUNC);
        writeSync(fd, kept.map((line) => `${line}\n`).join(""));
      } catch (e) {
        throw fail(e);
      }
    }
  }
  return {
    file,
    started() {
      if (!stale) return;
      stale = false;
      try {
        rmSync(file, { force: true });
      } catch (e) {
        throw fail(e);
      }
    },
    add(id, line) {
      if (listed.has(id)) return;
      try {
        // New (O_EXCL) unless resumed.
        fd ??= openList(resumed ? constants.O_APPEND : constants.O_EXCL);
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

const isFolder = (name: string) => {
  try {
    return lstatSync(name).isDirectory();
  } catch {
    return false;
  }
};

/** A million failed ids, each with a line of its error, fit in far less. */
const MAX_LIST_BYTES = 256 * 2 ** 20;

/** Why what is at `name` is no list to read back (a link, a FIFO, a device), if it is none. */
const strangeAt = (name: string): "ELOOP" | "ENOTREG" | undefined => {
  try {
    const stats = lstatSync(name);
    return stats.isFile() ? undefined : stats.isSymbolicLink() ? "ELOOP" : "ENOTREG";
  } catch {
    return undefined; // none: a list to start
  }
};
