import { onAbort } from "./on-abort.js";

/**
 * The signal a call runs under: the caller's, and when `deadlineMs` is set one that also aborts
 * with `expired()` (built when it fires, so it can say what the call was doing). `stop()` clears
 * the timer and the listener once the call ends.
 */
export function callSignal(
  signal: AbortSignal | null | undefined,
  deadlineMs: number | undefined,
  expired: () => Error,
): { signal: AbortSignal | undefined; stop: () => void } {
  if (deadlineMs === undefined) return { signal: signal ?? undefined, stop: () => {} };
  const controller = new AbortController();
  const follow = () => controller.abort(signal!.reason);
  if (signal?.aborted) follow();
  const unlisten = onAbort(signal, follow);
  const timer = setTimeout(() => controller.abort(expired()), deadlineMs);
  return {
    signal: controller.signal,
    stop: () => {
      clearTimeout(timer);
      unlisten();
    },
  };
}
