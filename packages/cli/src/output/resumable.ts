import { closeSync, constants, lstatSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { OutputError, UsageError } from "../exit-codes.js";
import {
  checkpointPath,
  checkpointTempPath,
  failedPath,
  mismatch,
  partialPath,
  readCheckpoint,
  saveCheckpoint,
  type Checkpoint,
  type PullIdentity,
} from "../export/checkpoint.js";
import { nodeFs, syncPath, writeAll, type SyncFs } from "./sync-fs.js";
import { outputError, refuseReadOnly } from "./target.js";

/** Where a pull stands once a page is on disk: what its checkpoint then says. */
export type PageDone = Pick<Checkpoint, "nextPage" | "records" | "cursor" | "entities" | "cursors">;

/** A paged pull's `--out`: written at known offsets, checkpointed after every page. */
export interface ResumableOutput {
  /** Where the writer writes: synchronously, so a page is on disk before its checkpoint. */
  sink: { write(chunk: string): void };
  /** Records of earlier runs are already in the data (its header or `[` too). */
  resumed: Checkpoint | undefined;
  /** `--resume` found this pull finished (its receipt, or stopped while tidying): nothing to buy. */
  finished: boolean;
  /** The page this run starts at. */
  startPage: number;
  /** Cursor walks: where this run continues (null: the walk had ended), undefined if new. */
  startCursor: string | number | null | undefined;
  /** Pulls of many entities: each entity's next page (0: done), undefined if new. */
  startEntities: number[] | undefined;
  /** Cursor pulls of many entities: where each entity part-way continues (by its index). */
  startCursors: Record<number, string | number> | undefined;
  /** Pulls of many entities: the list of failures the checkpoint names, undefined if none. */
  startFailed: string | undefined;
  /** Names this pull's list of failures in the checkpoint, before any failure is listed. */
  nameList(file: string): void;
  /** Every record up to `done.nextPage` is written: fsync the data, then save the checkpoint. */
  pageDone(done: PageDone): void;
  /**
   * Success: the data takes --out's name. The checkpoint goes, or stays marked finished as the
   * receipt of a run given --resume.
   */
  complete(): void;
  /**
   * Stopped or failed: the data goes to `keepAs` and the checkpoint names it, for `--resume`;
   * marked so that `--resume` is refused when the walk's pages repeated themselves.
   */
  stop(keepAs: string, repeatedPages?: boolean): void;
  /** Nothing was ever written: the data and the checkpoint go. */
  discard(): void;
}

/** The file system's errors as one `--out` line; the command line's as they are. */
const asOutputError = (out: string, e: unknown) =>
  e instanceof UsageError || e instanceof OutputError ? e : outputError(out, e);

// Every move below writes its intent first: the checkpoint names where the data will be, then
// the data moves. Where the data really is follows one rule, whatever step a crash or a full
// disk stopped at: the side file when it exists (a move not yet made), else the file the
// checkpoint names. Each step is proven by the crash-at-every-step test.

/** Where the data of `saved` is now, undefined when it is nowhere. */
function locate(out: string, saved: Checkpoint, io: SyncFs): string | undefined {
  if (io.existsSync(partialPath(out))) return partialPath(out);
  return saved.file === path.basename(out) && io.existsSync(out) ? out : undefined;
}

/**
 * The data an earlier run left is a regular file (not a link to someone else's), at least as
 * long as the checkpoint says, and ends a whole record there: an edited `bytes` would otherwise
 * splice a torn record into the output.
 */
function checkData(file: string, saved: Checkpoint, cpFile: string): void {
  const refuse = (why: string) =>
    new UsageError(`cannot resume ${cpFile}: ${file} ${why}; delete both to start over`);
  const stats = lstatSync(file);
  if (!stats.isFile()) throw refuse("is not a regular file (a symlink?)");
  if (stats.size < saved.bytes)
    throw refuse(`is shorter than the checkpoint says (${stats.size} < ${saved.bytes} bytes)`);
  if (saved.bytes === 0) return;
  const last = Buffer.alloc(1);
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    readSync(fd, last, 0, 1, saved.bytes - 1);
  } finally {
    closeSync(fd);
  }
  const ends = saved.format === "json" ? /[}\]"\del]/ : /\n/;
  if (!ends.test(last.toString("latin1")))
    throw refuse(`does not end a record where the checkpoint says (byte ${saved.bytes})`);
}

/**
 * Ends what a finished pull left undone: the data takes its name and, first, the list of failed
 * entities of a pull of many (`entities`) beside `FILE.partial` takes `FILE.failed`'s (a list
 * there is this pull's: a leftover of another run goes when the list is opened); with none
 * failed, no list stays beside the data. A kill between the renames leaves the finished
 * checkpoint, and the next run ends it the same way: a list and the data it names are never
 * parted.
 */
function tidyFinished(out: string, io: SyncFs, entities: number[] | undefined): void {
  if (!io.existsSync(partialPath(out))) return;
  if (entities) {
    const [beside, final] = [failedPath(partialPath(out)), failedPath(out)];
    try {
      if (io.existsSync(beside)) io.renameSync(beside, final);
      else if (!entities.includes(-1)) io.rmSync(final, { force: true });
    } catch (e) {
      throw outputError(final, e);
    }
  }
  io.renameSync(partialPath(out), out);
  syncPath(path.dirname(path.resolve(out)), io);
}

function removeCheckpoint(out: string, io: SyncFs): void {
  io.rmSync(checkpointPath(out), { force: true });
  io.rmSync(checkpointTempPath(out), { force: true });
}

/**
 * Opens `--out` for a paged pull: the data is written to `<out>.partial`, and `<out>.checkpoint`
 * says after each page how far it got. With `resume`, an earlier run is continued: its data
 * (wherever it left it) is truncated to the last checkpointed page and written on from there.
 * Without, an existing checkpoint with records is refused rather than overwritten. The caller
 * holds the output's lock.
 */
export function openResumable(
  out: string,
  identity: PullIdentity,
  resume: boolean,
  firstPage: number,
  io: SyncFs = nodeFs,
  /** The command's page limit (`--pages N`), null for `--all`: what a receipt vouches for. */
  pages: number | null = null,
): ResumableOutput {
  const cpFile = checkpointPath(out);
  const partial = partialPath(out);
  try {
    let saved = readCheckpoint(out, io);
    const why = resume && saved && mismatch(saved, identity);
    if (why)
      throw new UsageError(
        `cannot resume ${cpFile}: ${why}; run the command it was written for, or delete it to start over`,
      );
    const existing = io.existsSync(out) ? io.statSync(out) : undefined;
    // Before anything moves: a read-only --out is the user's, whatever the checkpoint says.
    if (existing) refuseReadOnly(out, existing);
    if (saved?.finished) {
      tidyFinished(out, io, saved.entities);
      // A receipt's temp left by a kill while it was written is of no use to anyone.
      io.rmSync(checkpointTempPath(out), { force: true });
      // A receipt counts only while the file is the one it describes: a file since deleted
      // is pulled again, a file since changed is never claimed complete.
      const size = io.existsSync(out) ? io.statSync(out).size : undefined;
      const limit = (n: number | null) => (n === null ? "--all" : `--pages ${n}`);
      if (resume && size !== undefined && saved.pages !== undefined && saved.pages !== pages)
        throw new UsageError(
          `${out} is a finished pull of ${limit(saved.pages)}, not of ${limit(pages)}: delete it and ${cpFile} to pull again`,
        );
      if (resume && size === saved.bytes) return finishedAlready(saved);
      if (resume && size !== undefined)
        throw new UsageError(
          `${out} changed since its pull finished (${size} bytes, ${saved.bytes} then): delete it and ${cpFile} to pull again`,
        );
      removeCheckpoint(out, io);
      saved = undefined;
    }
    // A checkpoint of no records holds nothing to lose (a run stopped before its first page).
    if (saved && !resume && saved.records === 0) {
      io.rmSync(partial, { force: true });
      removeCheckpoint(out, io);
      saved = undefined;
    }
    if (saved?.repeatedPages)
      throw new UsageError(
        `${cpFile} is of a pull stopped because the server answered the same page again and again: --resume would buy the same pages again; delete it and ${path.join(path.dirname(out), saved.file)} to pull again from the start`,
      );
    // A single pull that bought more pages than this --pages: neither continued nor finished
    // by it (it claimed the pull whole with a receipt for the smaller limit).
    const done = saved && saved.entities === undefined ? saved.nextPage - firstPage : 0;
    if (resume && pages !== null && done > pages)
      throw new UsageError(
        `${cpFile} holds ${done} pages, more than --pages ${pages}: resume with --pages ${done} or more, or --all`,
      );
    if (saved && !resume)
      throw new UsageError(
        `${cpFile} holds an unfinished pull (${saved.records} records, next page ${saved.nextPage}): add --resume to continue it, or delete it and ${path.join(path.dirname(out), saved.file)} to start over`,
      );
    // --resume is safe to pass when nothing was started: the pull starts. An output with no
    // checkpoint is not known to be this pull's (a finished pull leaves none): refused.
    if (!saved && resume && existing)
      throw new UsageError(
        `nothing to resume: ${out} is there with no checkpoint (a pull run without --resume leaves none when it finishes); delete it to pull again`,
      );
    if (saved) {
      if (saved.nextPage < firstPage)
        throw new UsageError(
          `the checkpoint ${cpFile} is damaged (next page ${saved.nextPage} is before the first, ${firstPage}): delete it and its data to start over`,
        );
      const at = locate(out, saved, io);
      if (at) checkData(at, saved, cpFile);
      else if (saved.bytes > 0)
        throw new UsageError(
          `cannot resume ${cpFile}: its data (${saved.file}) is gone; delete it to start over`,
        );
      if (at === out) io.renameSync(out, partial);
    } else {
      if (io.existsSync(partial))
        throw new UsageError(`${partial} exists without a checkpoint: move or delete it first`);
    }
    let cp: Checkpoint = {
      version: 2,
      ...identity,
      nextPage: firstPage,
      records: 0,
      bytes: 0,
      ...saved,
      file: path.basename(partial),
    };
    // The checkpoint first: a kill before the first page leaves something --resume understands.
    saveCheckpoint(out, cp, io);
    // Never through a symlink planted as the data file: it would truncate what it points at.
    const fd = io.openSync(
      partial,
      (io.existsSync(partial)
        ? constants.O_RDWR
        : constants.O_RDWR | constants.O_CREAT | constants.O_EXCL) | constants.O_NOFOLLOW,
      0o666,
    );
    // The output keeps the mode it had (a 0600 file of private data stays 0600).
    if (existing && !saved) io.fchmodSync(fd, existing.mode & 0o7777);
    io.ftruncateSync(fd, cp.bytes);
    let position = cp.bytes;
    const guard =
      <A extends unknown[]>(fn: (...a: A) => void) =>
      (...a: A) => {
        try {
          fn(...a);
        } catch (e) {
          throw asOutputError(out, e);
        }
      };
    const dir = path.dirname(path.resolve(out));
    return {
      resumed: saved && saved.records > 0 ? saved : undefined,
      finished: false,
      startPage: cp.nextPage,
      startCursor: cp.cursor,
      startEntities: cp.entities,
      startCursors: cp.cursors,
      startFailed: cp.failed && path.join(path.dirname(out), cp.failed),
      nameList: guard((file: string) => {
        cp = { ...cp, failed: path.basename(file) };
        saveCheckpoint(out, cp, io);
      }),
      sink: {
        write: guard((chunk: string) => {
          position += writeAll(io, fd, Buffer.from(chunk), position);
        }),
      },
      pageDone: guard((done: PageDone) => {
        io.fsyncSync(fd);
        cp = { ...cp, ...done, bytes: position };
        saveCheckpoint(out, cp, io);
      }),
      complete: guard(() => {
        io.fsyncSync(fd);
        io.closeSync(fd);
        const receipt = { ...cp, bytes: position, finished: true as const, pages };
        saveCheckpoint(out, { ...receipt, file: path.basename(out) }, io);
        tidyFinished(out, io, cp.entities);
        // A run given --resume keeps the finished checkpoint as its receipt: the same command
        // again (a retry loop) then says the output is complete and buys nothing.
        if (!resume) removeCheckpoint(out, io);
      }),
      stop: guard((keepAs: string, repeatedPages?: boolean) => {
        io.fsyncSync(fd);
        io.closeSync(fd);
        const at = { ...cp, file: path.basename(keepAs) };
        saveCheckpoint(out, repeatedPages ? { ...at, repeatedPages: true } : at, io);
        if (keepAs !== partial) {
          io.renameSync(partial, keepAs);
          syncPath(dir, io);
        }
      }),
      discard: guard(() => {
        io.closeSync(fd);
        io.rmSync(partial, { force: true });
        removeCheckpoint(out, io);
      }),
    };
  } catch (e) {
    throw asOutputError(out, e);
  }
}

/** The answer to `--resume` of a pull that had already finished: nothing to write. */
const finishedAlready = (saved: Checkpoint): ResumableOutput => {
  const none = () => {};
  return {
    sink: { write: none },
    resumed: saved,
    finished: true,
    startPage: saved.nextPage,
    startCursor: saved.cursor,
    startEntities: saved.entities,
    startCursors: saved.cursors,
    startFailed: undefined,
    nameList: none,
    pageDone: none,
    complete: none,
    stop: none,
    discard: none,
  };
};
