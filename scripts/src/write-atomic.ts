import { randomBytes } from "node:crypto";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** What `writeAtomic` adds to a file's name for its temporary file: `.<pid>-<8 hex>.tmp`. */
const SUFFIX = String.raw`(\d+)-[0-9a-f]{8}\.tmp`;
/** The temporary file `writeAtomic` leaves beside `file` when killed between write and rename. */
export const ATOMIC_TEMP = new RegExp(String.raw`\.${SUFFIX}$`);
/** The same, after `<file>.`: its writer's pid captured. */
const OWN_TEMP = new RegExp(`^${SUFFIX}$`);

/**
 * Writes `text` to `file` whole or not at all: into a temporary file beside it, then renamed over
 * it. A kill mid-write (Ctrl-C, an OOM, CI's timeout) leaves the old file, never a truncated one
 * that the next run would refuse to read.
 */
export async function writeAtomic(file: string, text: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await removeLeftovers(file);
}

/** Whether process `pid` still runs (a writer of the same file that has not renamed yet). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The temporary files of `file` that writers killed before their rename left (gitignored, but
 * they piled up beside the vendored spec): removed once the file is written whole again.
 */
async function removeLeftovers(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of await readdir(dir)) {
    // Exactly `file` and a temp suffix: `spec.json.x.1-…tmp` belongs to `spec.json.x`.
    const pid = name.startsWith(prefix) && OWN_TEMP.exec(name.slice(prefix.length));
    if (pid && !alive(Number(pid[1]))) await rm(path.join(dir, name), { force: true });
  }
}
