import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";

/** The temporary file `writeAtomic` leaves beside `file` when killed between write and rename. */
export const ATOMIC_TEMP = /\.\d+-[0-9a-f]{8}\.tmp$/;

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
}
