/** Each signal's one listener, and the callbacks it runs. */
const waiting = new WeakMap<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();

/**
 * Runs `fn` when `signal` aborts; returns the function that stops waiting. However many calls,
 * attempts and waits share a caller's signal at once, the client adds one listener to it (one
 * per call made Node warn, MaxListenersExceededWarning, past ten calls in flight under one
 * signal), and removes it when the last of them stops waiting. A signal already aborted never
 * fires again; callers check `aborted` first.
 */
export function onAbort(signal: AbortSignal | null | undefined, fn: () => void): () => void {
  if (!signal) return () => {};
  let entry = waiting.get(signal);
  if (!entry) {
    const callbacks = new Set<() => void>();
    // The callbacks are the client's own (an AbortController's abort, a promise's reject): none
    // throws, so one loop stands for many listeners.
    entry = { callbacks, listener: () => [...callbacks].forEach((f) => f()) };
    waiting.set(signal, entry);
    signal.addEventListener("abort", entry.listener);
  }
  const { callbacks, listener } = entry;
  callbacks.add(fn);
  return () => {
    if (!callbacks.delete(fn) || callbacks.size) return;
    signal.removeEventListener("abort", listener);
    if (waiting.get(signal)?.listener === listener) waiting.delete(signal);
  };
}
