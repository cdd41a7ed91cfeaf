import { onAbort } from "./on-abort.js";

/** What a walk did past its end, for the caller's accounting. */
export interface WindowStats {
  /** Requests started for pages after the last one (at most the window's width − 1). */
  pastEnd: number;
}

/**
 * Fetches pages `first, first + 1, …` with several in flight and yields them strictly in page
 * order. The window widens 1, 2, 4… up to `max`, so a one-page result costs one request. When
 * `isLast` says a page ends the data, no further page is started and the ones in flight are
 * cancelled (counted in `stats.pastEnd`: they were sent, so they may be charged). Leaving the
 * loop early, an error, or the caller's abort cancels every request in flight at once.
 */
export async function* orderedWindow<T>(
  first: number,
  last: number,
  max: number,
  fetchPage: (page: number, signal: AbortSignal) => Promise<T>,
  isLast: (result: T) => boolean,
  signal: AbortSignal | null | undefined,
  stats: WindowStats,
): AsyncGenerator<[page: number, result: T]> {
  const controller = new AbortController();
  const stop = onAbort(signal, () => controller.abort(signal!.reason));
  if (signal?.aborted) controller.abort(signal.reason);
  const inFlight: { page: number; result: Promise<T> }[] = [];
  let next = first;
  let width = 1;
  try {
    for (;;) {
      while (inFlight.length < width && next <= last) {
        const result = fetchPage(next, controller.signal);
        // Awaited in order below; a later page that fails first must not be "unhandled".
        result.catch(() => {});
        inFlight.push({ page: next++, result });
      }
      const head = inFlight.shift();
      if (!head) return;
      const result = await head.result;
      yield [head.page, result];
      if (isLast(result)) {
        stats.pastEnd += inFlight.length;
        return;
      }
      width = Math.min(max, width * 2);
    }
  } finally {
    stop();
    controller.abort(new Error("walk ended"));
  }
}
