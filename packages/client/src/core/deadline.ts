import { onAbort } from "./on-abort.js";

/**
 * The signal a call with a `deadlineMs` runs under: it aborts with the caller's signal, or with
 * `expired()` when the deadline passes (built when it fires, so it can say what the call was
 * doing). `stop()` clears the timer and the listener once the call ends.
 */
export function callSignal(
  signal: AbortSignal | null | undefined,
  deadlineMs: number,
  expired: () => Error,
): { signal: AbortSignal; stop: () => void } {
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
