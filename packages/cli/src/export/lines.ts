/**
 * Calls `fn` with each line of `text` and its index, at any line end (LF, CRLF, a lone CR),
 * without holding them all: a file of 100 million empty lines split at once is an array past
 * the heap (a crash with a native stack, not a line).
 */
export function forEachLine(text: string, fn: (line: string, index: number) => void): void {
  const end = /\r\n|\r|\n/g;
  let start = 0;
  for (let i = 0; ; i++) {
    const found = end.exec(text);
    fn(text.slice(start, found ? found.index : text.length), i);
    if (!found) return;
    start = end.lastIndex;
  }
}
