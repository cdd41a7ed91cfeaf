import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { UsageError } from "../exit-codes.js";
import { writesDirectly } from "./out-path.js";

/** The lock of `--out <file>`. */
export const lockPath = (out: string): string => `${out}.lock`;

/** A lock still without a process id after this long was left by a run killed while taking it. */
const STALE_EMPTY_MS = 5_000;

const olderThan = (file: string, ms: number): boolean => {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return true; // gone: nothing to wait for
  }
};

/** Whether a process of that id still runs (EPERM: it runs as another user). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

const holderOf = (lock: string): number | undefined => {
  try {
    const text = readFileSync(lock, "utf8").trim();
    return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Takes `<out>.lock` for this process, so two runs never write one output (torn records, pages
 * bought twice). The lock holds the process id: a lock whose process is gone (a SIGKILL, a power
 * cut) is taken over at once instead of blocking later runs. Returns the release. A device or
 * a pipe (`/dev/stdout`) takes no lock: there is no file to tear.
 *
 * A lock without a process id is a run between creating and writing it, unless it is older
 * than a few seconds (a run killed in that microsecond): then it is taken over too. Taking over
 * re-reads the lock just before removing it: two runs taking over one dead lock within that
 * microsecond is the race left.
 */
export function lockOutput(out: string): () => void {
  if (writesDirectly(out)) return () => {};
  const lock = lockPath(out);
  for (let tries = 0; ; tries++) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, "wx", 0o644);
    } catch (e) {
      // Any error but "exists" (no folder, no permission) is the output's: opening it says so.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return () => {};
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, `${process.pid}\n`);
      } catch {
        rmSync(lock, { force: true }); // a full disk: the output's own open says so
        return () => {};
      } finally {
        closeSync(fd);
      }
      let released = false;
      return () => {
        if (!released && holderOf(lock) === process.pid) rmSync(lock, { force: true });
        released = true;
      };
    }
    const holder = holderOf(lock);
    // Our own pid in it: an earlier run that had it (a container's PID 1, killed), not us.
    const stale =
      holder === undefined
        ? olderThan(lock, STALE_EMPTY_MS)
        : holder === process.pid || !alive(holder);
    if (!stale || tries >= 2)
      throw new UsageError(
        `--out ${out} is being written by another keyapi-tiktok run${holder ? ` (pid ${holder})` : ""}: wait for it to end, or delete ${lock} if no such run is going`,
      );
    if (holderOf(lock) === holder) rmSync(lock, { force: true });
  }
}
