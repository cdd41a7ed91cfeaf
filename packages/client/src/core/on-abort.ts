/** Runs `fn` when `signal` aborts; returns the function that stops listening. */
export function onAbort(signal: AbortSignal | null | undefined, fn: () => void): () => void {
  signal?.addEventListener("abort", fn);
  return () => signal?.removeEventListener("abort", fn);
}
