import { accessSync, constants, type Stats } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import { isatty } from "node:tty";
import { OutputError } from "../exit-codes.js";
import { writesDirectly } from "./out-path.js";

/** Where records go. A file is written beside its final name and renamed into place at the end. */
export interface OutputTarget {
  stream: Writable;
  /** A device or pipe written as it is: nothing of it is kept once its reader is gone. */
  direct: boolean;
  /** A terminal (`--out /dev/tty`, or `/dev/stdout` at one): what it shows is for a person. */
  terminal: boolean;
  /** Ends the output; a file takes its final name (atomically replacing what was there). */
  commit(): Promise<void>;
  /**
   * Ends a failed run's output without replacing an existing file: records already bought are
   * kept in `--out` when it is new, else beside it in `<out>.partial`. Returns where they are.
   */
  keepPartial(): Promise<string>;
  /** Drops the output; an existing `--out` is kept as it was. */
  discard(): Promise<void>;
}

const why: Record<string, string> = {
  EACCES: "no permission to write there",
  EPERM: "no permission to write there",
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of its path is not a folder",
  EISDIR: "it is a folder",
  // rmSync's own code for a folder where a file was to be removed.
  ERR_FS_EISDIR: "it is a folder",
  // O_NOFOLLOW met a link planted under a side file's name.
  ELOOP: "it is a symlink, which is never written through",
  EROFS: "the file system is read-only",
  // A FIFO nothing reads, or a socket (a service's or CI runner's stdout), which no name opens.
  ENXIO:
    "nothing reads it, or it is a socket, which cannot be opened by name (drop --out to write to stdout)",
  ENOSPC: "the disk is full",
  // Ours, for a FIFO, device or link met where a file of ours is read back, or one too large.
  ENOTREG: "it is not a regular file",
  EFBIG: "it is too large to be read back",
  // A name this run had cleared, taken by something else while it ran.
  EEXIST: "something else took its name while this run wrote",
};

/** One line naming the flag, the file and the reason, for any error the file system gives. */
export const outputError = (file: string, error: unknown, flag = "--out"): OutputError => {
  const code = (error as NodeJS.ErrnoException)?.code ?? "";
  // stdout is no flag's: the command wrote there because no --out was given.
  const what = file === "stdout" ? "stdout" : `${flag} ${file}`;
  // An error with no code (a runtime's own, a hook's) is said by its message, never as nothing.
  const said = why[code] ?? (code || ((error as Error)?.message ?? String(error)));
  return new OutputError(`cannot write ${what}: ${said}`, { cause: error });
};

/**
 * A file its owner made read-only is not replaced behind their back (a rename would do it, as
 * root even an open would). Checked by the mode bits, which hold for root too, and by access().
 */
export function refuseReadOnly(file: string, existing: Stats): void {
  const readOnly = (() => {
    if ((existing.mode & 0o222) === 0) return true;
    try {
      accessSync(file, constants.W_OK);
      return false;
    } catch {
      return true;
    }
  })();
  if (readOnly)
    throw new OutputError(
      `cannot write --out ${file}: it is read-only (mode ${(existing.mode & 0o777).toString(8).padStart(4, "0")}); make it writable or choose another file`,
    );
}

/** A reader gone (`| head`, a FIFO closed): a stop as asked, never the output's failure. */
const readerGone = (e: unknown) => /^(EPIPE|ENXIO)$/.test((e as NodeJS.ErrnoException)?.code ?? "");

const ended = (stream: Writable) =>
  new Promise<void>((resolve, reject) => {
    // A write that failed (a full disk under the last page) destroyed the stream: no end.
    if (stream.errored && !readerGone(stream.errored)) return reject(stream.errored);
    if (stream.destroyed) return resolve();
    stream.once("error", (e) => (readerGone(e) ? resolve() : reject(e)));
    stream.end((e?: Error | null) => (e && !readerGone(e) ? reject(e) : resolve()));
  });

/**
 * Waits for what was written to `stream` to be written, and gives the error that stopped it, if
 * any: stdout is never ended, and a full disk under its last page was otherwise exit 0.
 */
export const flushed = (stream: Writable) =>
  new Promise<Error | undefined>((resolve) => {
    // A turn later: the stream's own "error" event (due on the next tick) lands while the pull
    // still owns stdout, not on the bin's handler, which would print the line a second time.
    const settle = (e?: Error | null) => {
      const error = stream.errored ?? e ?? undefined; // as it is now: a turn later it may be gone
      setImmediate(() => resolve(error));
    };
    if (stream.errored || stream.destroyed) return settle();
    stream.write("", settle);
  });

/**
 * Opens `--out` before anything is bought, so a bad path costs no credit. A regular file (new or
 * existing) is written to a temp file in the same folder, then renamed over it: a failed run or
 * a crash never empties what was there. A device or pipe (`/dev/stdout`, a FIFO) is written as
 * it is: there is nothing to rename over.
 */
export async function openOutput(file: string): Promise<OutputTarget> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw outputError(file, { code: "EISDIR" });
  const direct = writesDirectly(file);
  if (existing && !direct) refuseReadOnly(file, existing);
  const dir = path.dirname(path.resolve(file));
  const temp = direct ? file : path.join(dir, `.${path.basename(file)}.${process.pid}.partial`);
  // Appended to: `/dev/stdout` redirected with `>>` must not be overwritten from its start.
  const flags = direct
    ? constants.O_WRONLY | constants.O_APPEND
    : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
  const handle = await open(temp, flags, existing?.mode ?? 0o644).catch((e: unknown) => {
    throw outputError(file, e);
  });
  // open()'s mode passes through the umask: set the old file's mode exactly.
  if (existing && !direct)
    await handle.chmod(existing.mode & 0o7777).catch(async (e: unknown) => {
      await handle.close();
      await rm(temp, { force: true });
      throw outputError(file, e);
    });
  const stream = handle.createWriteStream();
  return {
    stream,
    direct,
    terminal: direct && isatty(handle.fd),
    async commit() {
      try {
        await ended(stream);
        if (!direct) await rename(temp, file);
      } catch (e) {
        if (!direct) await rm(temp, { force: true });
        throw outputError(file, e);
      }
    },
    async keepPartial() {
      const kept = direct || !existing ? file : `${file}.partial`;
      try {
        await ended(stream);
        if (!direct) await rename(temp, kept);
      } catch (e) {
        throw outputError(kept, e);
      }
      return kept;
    },
    async discard() {
      stream.destroy();
      if (!direct) await rm(temp, { force: true });
    },
  };
}
