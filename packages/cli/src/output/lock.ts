import {
  closeSync,
  openSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { UsageError } from "../exit-codes.js";
import { writesDirectly } from "./out-path.js";

/** The lock of `--out <file>`. */
export const lockPath = (out: string): string => `${out}.lock`;

/** A lock still without a process id after this long was left by a run killed while taking it. */
const STALE_EMPTY_MS = 5_000;
/** How often a run holding a lock touches it, so that a run that cannot see its process can tell. */
const HEARTBEAT_MS = 10_000;
/** A lock from another host or PID namespace not touched for this long: its run is gone. */
const STALE_FOREIGN_MS = 60_000;

/**
 * Where a process id means something: this host and its PID namespace. Two containers sharing
 * a volume each run the CLI as PID 1; another machine's pid is no process here at all.
 */
const place = (() => {
  let ns = "";
  try {
    ns = readlinkSync("/proc/self/ns/pid"); // Linux; elsewhere the host alone
  } catch {}
  return `${hostname()} ${ns}`.trim();
})();

const ageOf = (file: string): number => {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity; // gone: nothing to wait for
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

/** What a lock says of its holder: a process id, and where it runs (a lock of before, none). */
export interface Holder {
  pid: number | undefined;
  place: string | undefined;
  /** Since the lock was written or last touched. */
  ageMs: number;
}

const holderOf = (lock: string): Holder => {
  let text = "";
  try {
    text = readFileSync(lock, "utf8");
  } catch {}
  const [pid = "", where] = text.split("\n");
  return {
    pid: /^[1-9]\d{0,9}$/.test(pid.trim()) ? Number(pid) : undefined,
    place: where?.trim() || undefined,
    ageMs: ageOf(lock),
  };
};

/**
 * Whether a lock was left by a run that is gone. Its pid is read only where it means something
 * (this host, this PID namespace): there a dead process, or this very pid (a container's PID 1,
 * killed and started again), is gone. Elsewhere only its heartbeat tells.
 */
export function isStale(
  holder: Holder,
  me: { pid: number; place: string },
  alive: (pid: number) => boolean,
): boolean {
  if (holder.pid === undefined) return holder.ageMs > STALE_EMPTY_MS;
  if (holder.place !== undefined && holder.place !== me.place)
    return holder.ageMs > STALE_FOREIGN_MS;
  return holder.pid === me.pid || !alive(holder.pid);
}

/** Whether the lock is this run's own: its pid, here. */
const ours = (lock: string): boolean => {
  const { pid, place: where } = holderOf(lock);
  return pid === process.pid && (where === undefined || where === place);
};

/**
 * Takes `<out>.lock` for this process, so two runs never write one output (torn records, pages
 * bought twice). The lock holds the process id and where it runs (host, PID namespace): a lock
 * whose process is gone (a SIGKILL, a power cut) is taken over at once instead of blocking later
 * runs. One from another container or machine, whose pid means nothing here, is taken over once
 * its holder has not touched it for a minute (a run touches its lock every 10 s). Returns the
 * release. A device or a pipe (`/dev/stdout`) takes no lock: there is no file to tear.
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
        writeSync(fd, `${process.pid}\n${place}\n`);
      } catch {
        rmSync(lock, { force: true }); // a full disk: the output's own open says so
        return () => {};
      } finally {
        closeSync(fd);
      }
      const heartbeat = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(lock, now, now);
        } catch {} // gone or unwritable: the output's own writes say so
      }, HEARTBEAT_MS).unref();
      let released = false;
      return () => {
        clearInterval(heartbeat);
        if (!released && ours(lock)) rmSync(lock, { force: true });
        released = true;
      };
    }
    const holder = holderOf(lock);
    const pid = holder.pid;
    if (!isStale(holder, { pid: process.pid, place }, alive) || tries >= 2) {
      const elsewhere = holder.place && holder.place !== place ? " elsewhere" : "";
      throw new UsageError(
        `--out ${out} is being written by another keyapi-tiktok run${pid ? ` (pid ${pid}${elsewhere})` : ""}: wait for it to end, or delete ${lock} if no such run is going`,
      );
    }
    if (holderOf(lock).pid === pid) rmSync(lock, { force: true });
  }
}
