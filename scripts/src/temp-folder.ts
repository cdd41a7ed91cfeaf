import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** The temp folders of this process still in use: a signal that ends it first removes them. */
const live = new Set<string>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Listening only while a folder is live: a JS listener holds a signal until the event loop turns,
 * so one left installed made a SIGTERM sent during a later `spawnSync` (spec:update's rebuild)
 * wait for it, or vanish when nothing was left to run (exit 0), and Ctrl-C during the rebuild
 * read as the build failing.
 */
function listen(on: boolean): void {
  for (const s of SIGNALS) {
    process.removeListener(s, removeAndDie);
    if (on) process.on(s, removeAndDie);
  }
}

/**
 * Ctrl-C (or a CI runner's SIGTERM) ends a script without running its `finally` blocks, which
 * left a `keyapi-update-*` folder behind for every interrupted spec:update. The folders go (each
 * on its own: one that cannot be removed keeps none of the others), then the signal is raised
 * again with our listener gone, so the process still dies of it (a shell sees 130, not a normal
 * exit) unless someone else listens and owns the ending.
 */
function removeAndDie(signal: NodeJS.Signals): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Dying of the signal matters more than a folder: the next one is still removed.
    }
  }
  live.clear();
  listen(false);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Makes a temp folder named `prefix…`, removed by `done()` or by a signal that comes first. */
export function makeTempFolder(prefix: string): { dir: string; done: () => Promise<void> } {
  // Made and registered in one synchronous step, the listener first: a signal can only be taken
  // between ticks, so none finds the folder made and not yet known (with `await mkdtemp`, one in
  // that gap killed the process and left the folder, once in a CI run).
  if (!live.size) listen(true);
  let dir: string;
  try {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
  } catch (error) {
    if (!live.size) listen(false);
    throw error;
  }
  live.add(dir);
  return {
    dir,
    // Forgotten only once removed: a signal that lands during the removal finishes it.
    done: async () => {
      await rm(dir, { recursive: true, force: true });
      if (live.delete(dir) && !live.size) listen(false);
    },
  };
}

/** `work` in a temp folder of its own, removed when it ends, however it ends (a signal too). */
export async function inTempFolder<T>(
  prefix: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const { dir, done } = makeTempFolder(prefix);
  try {
    return await work(dir);
  } finally {
    await done();
  }
}
