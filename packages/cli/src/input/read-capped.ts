import { closeSync, createReadStream, fstat, open } from "node:fs";
import { Socket } from "node:net";
import type { Readable } from "node:stream";
import { promisify } from "node:util";

/** A file held more than its reader takes: refused before the rest is read. */
export class TooLarge extends Error {
  constructor(readonly max: number) {
    super(`over ${max} bytes`);
  }
}

/** `max` in words: "64 MB", or "4096 bytes" when it is no whole number of MB. */
export const sizeSaid = (max: number) => (max % 2 ** 20 ? `${max} bytes` : `${max / 2 ** 20} MB`);

/**
 * The bytes of a file, a device or a pipe (`-`: standard input), refused with {@link TooLarge}
 * past `max` before they are all held: a 3 GB file was read whole, then refused as "not UTF-8",
 * and `/dev/zero` never ends.
 */
export async function readCapped(file: string, max: number): Promise<Buffer> {
  const from = file === "-" ? process.stdin : await streamOf(file);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of from) {
    size += (chunk as Buffer).length;
    if (size > max) {
      from.destroy();
      throw new TooLarge(max);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A FIFO or socket is read as a pipe (polled, like standard input), not with a file stream: a
 * file stream's read waits in a worker thread until the writer writes again, so refusing a FIFO
 * whose writer stayed open (`<(head -c 5000 /dev/zero; sleep 600)`) printed its line and then
 * held the process for as long as the writer lived. Opening still waits for a writer, as a
 * `<(pass show key)` needs.
 */
async function streamOf(file: string): Promise<Readable> {
  const fd = await promisify(open)(file, "r");
  let pipe: boolean;
  try {
    const stat = await promisify(fstat)(fd);
    pipe = stat.isFIFO() || stat.isSocket();
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  // Either stream owns the descriptor from here and closes it when read or destroyed.
  return pipe ? new Socket({ fd, readable: true, writable: false }) : createReadStream("", { fd });
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder",
  EACCES: "no permission to read it",
  EPERM: "no permission to read it",
  ENOTDIR: "a part of its path is not a folder",
  ENXIO: "it is a socket or a device that is not there",
  ELOOP: "its path is a loop of symlinks",
  ENAMETOOLONG: "its name is too long",
};

/** Why a file could not be read, in words (its code when no words are known). */
export const readProblem = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code ?? "";
  return READ_ERRORS[code] ?? (code || "unreadable");
};
