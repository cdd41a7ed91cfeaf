import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { UsageError } from "../exit-codes.js";

/** The lock of `--out <file>`. */
export const lockPath = (out: string): string => `${out}.lock`;

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
    const pid = Number(readFileSync(lock, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
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
 * The lock appears whole or not at all (written under a name of this process, then linked into
 * place), so it always names its holder. Taking over a dead run's lock re-reads it just before
 * removing it: two runs taking over one dead lock within that microsecond is the race left.
 */
export function lockOutput(out: string): () => void {
  const existing = (() => {
    try {
      return statSync(out);
    } catch {
      return undefined;
    }
  })();
  if (existing && !existing.isFile()) return () => {};
  const lock = lockPath(out);
  for (let tries = 0; ; tries++) {
    const mine = `${lock}.${process.pid}`;
    try {
      writeFileSync(mine, `${process.pid}\n`);
      try {
        linkSync(mine, lock);
      } finally {
        rmSync(mine, { force: true });
      }
      let released = false;
      return () => {
        if (!released && holderOf(lock) === process.pid) rmSync(lock, { force: true });
        released = true;
      };
    } catch (e) {
      // Any error but "exists" (no folder, no permission) is the output's: opening it says so.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return () => {};
    }
    const holder = holderOf(lock);
    // No holder: it has just ended (try again), or the lock is not ours to read (refuse).
    if ((holder !== undefined && alive(holder)) || tries >= 2)
      throw new UsageError(
        `--out ${out} is being written by another keyapi-tiktok run${holder ? ` (pid ${holder})` : ""}: wait for it to end, or delete ${lock} if no such run is going`,
      );
    if (holder !== undefined && holderOf(lock) === holder) rmSync(lock, { force: true });
  }
}
