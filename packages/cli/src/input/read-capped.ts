import { createReadStream } from "node:fs";

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
  const from = file === "-" ? process.stdin : createReadStream(file);
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

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder",
  EACCES: "no permission to read it",
  EPERM: "no permission to read it",
  ENOTDIR: "a part of its path is not a folder",
  ENXIO: "it is a socket or a device that is not there",
};

/** Why a file could not be read, in words (its code when no words are known). */
export const readProblem = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code ?? "";
  return READ_ERRORS[code] ?? (code || "unreadable");
};
