import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** An error of the file system's kind (its `code`), for what no errno names. */
export const coded = (code: string) => Object.assign(new Error(code), { code });

/**
 * The text of a file this run wrote and now reads back (a lock, a list of failures), if it is
 * still a regular file of at most `max` bytes. Opened without blocking (a FIFO planted there
 * would hold the open for good, past Ctrl-C, in a synchronous call) and measured before it is
 * read (a 300 MB file of newlines crashed the process). Never through a link (`ELOOP`). Throws
 * `ENOTREG` or `EFBIG` (ours), `EISDIR`, or the file system's error.
 */
export function readRegular(file: string, max: number): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw coded(stats.isDirectory() ? "EISDIR" : "ENOTREG");
    if (stats.size > max) throw coded("EFBIG");
    const bytes = Buffer.alloc(stats.size);
    let done = 0;
    for (let n = 1; n > 0 && done < bytes.length; done += n)
      n = readSync(fd, bytes, done, bytes.length - done, done);
    return bytes.toString("utf8", 0, done);
  } finally {
    closeSync(fd);
  }
}
