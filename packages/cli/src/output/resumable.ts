import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { OutputError, UsageError } from "../exit-codes.js";
import {
  checkpointPath,
  mismatch,
  readCheckpoint,
  saveCheckpoint,
  syncPath,
  type Checkpoint,
  type PullIdentity,
} from "../export/checkpoint.js";
import { outputError } from "./target.js";

/** A paged pull's `--out`: written at known offsets, checkpointed after every page. */
export interface ResumableOutput {
  /** Where the writer writes: synchronously, so a page is on disk before its checkpoint. */
  sink: { write(chunk: string): void };
  /** Records of earlier runs are already in the data (its header or `[` too). */
  resumed: Checkpoint | undefined;
  /** The page this run starts at. */
  startPage: number;
  /** Every record up to `nextPage` is written: fsync the data, then save the checkpoint. */
  pageDone(nextPage: number, records: number): void;
  /** Success: the data takes --out's name and the checkpoint goes. */
  complete(): void;
  /** Stopped early: the data goes to `keepAs` and the checkpoint names it. */
  stop(keepAs: string): void;
  /** Nothing was ever written: the data and the checkpoint go. */
  discard(): void;
}

/** The file system's errors as one `--out` line; the command line's as they are. */
const asOutputError = (out: string, e: unknown) =>
  e instanceof UsageError || e instanceof OutputError ? e : outputError(out, e);

/**
 * Opens `--out` for a paged pull: the data is written to `<out>.partial`, and `<out>.checkpoint`
 * says after each page how far it got. With `resume`, an earlier run is continued: its data
 * (wherever it left it) is truncated to the last checkpointed page and written on from there.
 * Without, an existing checkpoint is refused rather than overwritten.
 */
export function openResumable(
  out: string,
  identity: PullIdentity,
  resume: boolean,
  firstPage: number,
): ResumableOutput {
  const cpFile = checkpointPath(out);
  const partial = `${out}.partial`;
  const dir = path.dirname(path.resolve(out));
  try {
    const saved = readCheckpoint(cpFile);
    if (saved && !resume)
      throw new UsageError(
        `${cpFile} holds an unfinished pull (${saved.records} records, next page ${saved.nextPage}): add --resume to continue it, or delete it and ${path.join(path.dirname(out), saved.file)} to start over`,
      );
    if (!saved && resume)
      throw new UsageError(
        `nothing to resume: there is no checkpoint ${cpFile} (the pull finished, or never started)`,
      );
    const why = saved && mismatch(saved, identity);
    if (why)
      throw new UsageError(
        `cannot resume ${cpFile}: ${why}; run the command it was written for, or delete it to start over`,
      );
    if (saved) {
      // The data is continued under the partial name, wherever the last run left it.
      const from = path.join(dir, saved.file);
      if (from !== path.resolve(partial) && existsSync(from)) renameSync(from, partial);
      const size = existsSync(partial) ? statSync(partial).size : 0;
      if (size < saved.bytes)
        throw new UsageError(
          `${partial} is shorter than ${cpFile} says (${size} < ${saved.bytes} bytes): delete both to start over`,
        );
    } else if (existsSync(partial)) {
      throw new UsageError(`${partial} exists without a checkpoint: move or delete it first`);
    }
    let cp: Checkpoint = {
      version: 1,
      ...identity,
      nextPage: firstPage,
      records: 0,
      bytes: 0,
      ...saved,
      file: path.basename(partial),
    };
    // The checkpoint first: a kill before the first page leaves something --resume understands.
    saveCheckpoint(cpFile, cp);
    const fd = openSync(partial, existsSync(partial) ? "r+" : "wx");
    ftruncateSync(fd, cp.bytes);
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
    return {
      resumed: saved && saved.records > 0 ? saved : undefined,
      startPage: cp.nextPage,
      sink: {
        write: guard((chunk: string) => {
          const bytes = Buffer.from(chunk);
          position += writeSync(fd, bytes, 0, bytes.length, position);
        }),
      },
      pageDone: guard((nextPage: number, records: number) => {
        fsyncSync(fd);
        cp = { ...cp, nextPage, records, bytes: position };
        saveCheckpoint(cpFile, cp);
      }),
      complete: guard(() => {
        fsyncSync(fd);
        closeSync(fd);
        renameSync(partial, out);
        syncPath(dir);
        rmSync(cpFile);
        rmSync(`${cpFile}.tmp`, { force: true });
      }),
      stop: guard((keepAs: string) => {
        fsyncSync(fd);
        closeSync(fd);
        if (keepAs !== partial) renameSync(partial, keepAs);
        saveCheckpoint(cpFile, { ...cp, file: path.basename(keepAs) });
      }),
      discard: guard(() => {
        closeSync(fd);
        rmSync(partial, { force: true });
        rmSync(cpFile, { force: true });
        rmSync(`${cpFile}.tmp`, { force: true });
      }),
    };
  } catch (e) {
    throw asOutputError(out, e);
  }
}
