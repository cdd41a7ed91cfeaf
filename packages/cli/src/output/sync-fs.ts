import * as fs from "node:fs";

/**
 * The synchronous file operations a resumable pull makes, as one object: the pull's crash and
 * disk-full tests hand in one that fails at a chosen step, so every step of checkpointing and
 * finishing is proven recoverable, not argued to be.
 */
export interface SyncFs {
  openSync: typeof fs.openSync;
  writeSync(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  fsyncSync: typeof fs.fsyncSync;
  ftruncateSync: typeof fs.ftruncateSync;
  fchmodSync: typeof fs.fchmodSync;
  closeSync: typeof fs.closeSync;
  renameSync: typeof fs.renameSync;
  rmSync: typeof fs.rmSync;
  writeFileSync: typeof fs.writeFileSync;
  readFileSync(file: string, encoding: "utf8"): string;
  existsSync: typeof fs.existsSync;
  statSync(file: string): fs.Stats;
}

export const nodeFs: SyncFs = fs;

/** Writes all of `bytes` at `position`: one write(2) may write less than asked (a full disk). */
export function writeAll(io: SyncFs, fd: number, bytes: Buffer, position: number): number {
  let done = 0;
  while (done < bytes.length) {
    const n = io.writeSync(fd, bytes, done, bytes.length - done, position + done);
    // Never spin on a file system that takes nothing and reports no error.
    if (n <= 0) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    done += n;
  }
  return done;
}

/** fsync by path (a file or a folder). */
export function syncPath(file: string, io: SyncFs = nodeFs): void {
  const fd = io.openSync(file, "r");
  try {
    io.fsyncSync(fd);
  } finally {
    io.closeSync(fd);
  }
}
