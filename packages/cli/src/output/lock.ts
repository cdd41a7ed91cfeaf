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
import { OutputError, signalExit, STOP_SIGNALS, UsageError } from "../exit-codes.js";
import { writesDirectly } from "./out-path.js";
import { readRegular } from "./read-regular.js";

/** The lock of `--out <file>`. */
export const lockPath = (out: string): string => `${out}.lock`;

/** A lock still without a process id after this long was left by a run killed while taking it. */
const STALE_EMPTY_MS = 5_000;
/**
 * How often a run holding a lock touches it, so that a run that cannot see its process can tell
 * it is alive. Under `STALE_EMPTY_MS`: a release before this lock named its place read it as a
 * lock without a pid, and takes such a lock over only once it is 5 s old.
 */
const HEARTBEAT_MS = 2_000;
/** How long a lock from elsewhere is watched for a heartbeat before it is taken over. */
const WATCH_MS = 3 * HEARTBEAT_MS;

/**
 * Where a process id means something: this host and its PID namespace. Two containers sharing
 * a volume each run the CLI as PID 1; another machine's pid is no process here at all.
 */
const place = (() => {
  // The host namespace's inode is the same number on every Linux machine, and two machines
  // may share a hostname: the machine's own id tells them apart.
  const read = (from: () => string) => {
    try {
      return from().trim();
    } catch {
      return ""; // not Linux, or no such file: the host name alone
    }
  };
  const machine = read(() => readFileSync("/etc/machine-id", "utf8"));
  const ns = read(() => readlinkSync("/proc/self/ns/pid"));
  return [hostname(), machine, ns].filter(Boolean).join(" ");
})();

/** Whether a process of that id still runs (EPERM: it runs as another user). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** A lock as read: its text, what it says of its holder, when it was written or last touched. */
export interface Holder {
  text: string;
  pid: number | undefined;
  /** Where the pid runs; a lock of an older release names none (see {@link holderState}). */
  place: string | undefined;
  mtimeMs: number;
}

/** The lock as read; throws why it cannot be (`readRegular`'s codes, the file system's). */
function readHolder(lock: string): Holder {
  const text = readRegular(lock, MAX_LOCK_BYTES);
  const [pid = "", where] = text.split("\n");
  return {
    text,
    pid: /^[1-9]\d{0,9}$/.test(pid.trim()) ? Number(pid) : undefined,
    place: where?.trim() || undefined,
    mtimeMs: statSync(lock).mtimeMs,
  };
}

const holderOf = (lock: string): Holder | undefined => {
  try {
    return readHolder(lock);
  } catch {
    return undefined; // gone: take it again
  }
};

/** The same lock, untouched: nobody wrote or touched it in between. */
const same = (a: Holder | undefined, b: Holder | undefined) =>
  !!a && !!b && a.text === b.text && a.mtimeMs === b.mtimeMs;

/**
 * What a lock's holder is, as far as this run can tell. Its pid is read only where it means
 * something (this host, this PID namespace): there a dead process, or this very pid (a
 * container's PID 1 killed and started again), is gone. Elsewhere (another container or machine,
 * a container restarted in a new namespace) only signs of life tell: `watch` it. A lock of an
 * older release names no place: a live process of its pid (not this one) holds it, anything else
 * may be a run in another namespace (an upgrade rolling through containers), so it is watched.
 */
export function holderState(
  holder: Holder,
  me: { pid: number; place: string; now: number },
  alive: (pid: number) => boolean,
): "gone" | "alive" | "watch" {
  const { pid, place: where } = holder;
  if (pid === undefined) return me.now - holder.mtimeMs > STALE_EMPTY_MS ? "gone" : "alive";
  if (where === undefined) return pid !== me.pid && alive(pid) ? "alive" : "watch";
  if (where !== me.place) return "watch";
  return pid === me.pid || !alive(pid) ? "gone" : "alive";
}

/** A lock is a pid and a place: a few hundred bytes. */
const MAX_LOCK_BYTES = 4_096;

/** What is at the lock's name, by the code `readHolder` threw. */
const LOCK_WORDS: Record<string, string> = {
  EISDIR: "is a folder",
  ENOTREG: "is not a regular file",
  ELOOP: "is not a regular file",
  EFBIG: `is over ${MAX_LOCK_BYTES} bytes, no lock of ours`,
};

const strangeLock = (out: string, lock: string, code: string | undefined) =>
  new OutputError(
    `cannot write --out ${out}: its lock ${lock} ${LOCK_WORDS[code ?? ""] ?? "cannot be read"}; delete it if no keyapi-tiktok run is going`,
  );

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What changes while a run writes `out`: its lock's heartbeat, its data, its checkpoint. */
const signsOfLife = (out: string) =>
  [lockPath(out), `${out}.partial`, `${out}.checkpoint`]
    .map((file) => {
      try {
        const { mtimeMs, size } = statSync(file);
        return `${mtimeMs}:${size}`;
      } catch {
        return "-";
      }
    })
    .join(" ");

/**
 * Whether a run elsewhere is still writing `out`: its lock, data or checkpoint watched for three
 * heartbeats (a release before the heartbeat still writes its pages). Only their own times are
 * compared, never with this machine's clock (two machines' clocks may differ by minutes). A
 * signal ends the wait, and the run, at once: nothing was bought (a container's PID 1 has no
 * default action for Ctrl-C or `docker stop`).
 */
async function aliveElsewhere(out: string, first: Holder): Promise<boolean> {
  const lock = lockPath(out);
  const before = signsOfLife(out);
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`keyapi-tiktok: interrupted while waiting for ${lock}: nothing bought\n`);
    process.exit(signalExit(signal));
  };
  // Ahead of the pull's own gentle stop, which would say pages are arriving: none is bought.
  for (const signal of STOP_SIGNALS) process.prependListener(signal, stop);
  try {
    for (let waited = 0; waited < WATCH_MS; waited += 250) {
      await delay(250);
      const now = holderOf(lock);
      if (!now) return false; // gone: taken again at once
      if (!same(now, first) || signsOfLife(out) !== before) return true; // its run is alive
    }
    return false;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  }
}

/** Whether the lock is this run's own: its pid, here. */
const ours = (lock: string): boolean => {
  const holder = holderOf(lock);
  return holder?.pid === process.pid && (holder.place ?? place) === place;
};

/** Writes this run's lock, or says why not (another run made one first, or the folder's error). */
function take(lock: string): (() => void) | "exists" | undefined {
  let fd: number;
  try {
    fd = openSync(lock, "wx", 0o644);
  } catch (e) {
    // Any error but "exists" (no folder, no permission) is the output's: opening it says so.
    return (e as NodeJS.ErrnoException).code === "EEXIST" ? "exists" : undefined;
  }
  try {
    writeSync(fd, `${process.pid}\n${place}\n`);
  } catch {
    rmSync(lock, { force: true }); // a full disk: the output's own open says so
    return undefined;
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

/**
 * Takes `<out>.lock` for this process, so two runs never write one output (torn records, pages
 * bought twice). The lock holds the process id and where it runs (host, PID namespace), and the
 * run touches it every 2 s. A lock whose process is gone here (a SIGKILL, a power cut) is taken
 * over at once; one from elsewhere (another container or machine, whose pid means nothing here)
 * once it has gone three heartbeats untouched. Resolves to the release. A device or a pipe
 * (`/dev/stdout`) takes no lock: there is no file to tear.
 *
 * A lock without a process id is a run between creating and writing it, unless it is older
 * than a few seconds (a run killed in that microsecond): then it is taken over too. Taking over
 * re-reads the lock just before removing it (its text and time): two runs taking over one dead
 * lock within that microsecond is the race left.
 */
export async function lockOutput(out: string): Promise<() => void> {
  if (writesDirectly(out)) return () => {};
  const lock = lockPath(out);
  for (let tries = 0; ; tries++) {
    const taken = take(lock);
    if (taken !== "exists") return taken ?? (() => {});
    // Anything but a small file there is refused, never waited on (a FIFO) nor taken over again
    // and again (a folder: the loop spun).
    let holder: Holder;
    try {
      holder = readHolder(lock);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && tries < 2) continue; // removed in between: take it now
      throw strangeLock(out, lock, code);
    }
    const me = { pid: process.pid, place, now: Date.now() };
    let state = holderState(holder, me, alive);
    if (state === "watch") state = (await aliveElsewhere(out, holder)) ? "alive" : "gone";
    if (state === "alive" || tries >= 2) {
      // The run that holds it now (another may have taken it over while this one watched).
      const { pid, place: where } = holderOf(lock) ?? holder;
      const elsewhere = where && where !== place ? " elsewhere" : "";
      throw new UsageError(
        `--out ${out} is being written by another keyapi-tiktok run${pid ? ` (pid ${pid}${elsewhere})` : ""}: wait for it to end, or delete ${lock} if no such run is going`,
      );
    }
    if (same(holderOf(lock), holder)) rmSync(lock, { force: true });
  }
}
