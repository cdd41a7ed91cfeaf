/** Why one attempt produced no complete response. All three are worth a retry. */
export class AttemptFailure {
  constructor(
    readonly kind: "timeout" | "connection" | "truncated",
    readonly cause: unknown,
  ) {}
}

export interface AttemptResult {
  response: Response;
  /** The whole body as text, read once here: retries and envelope checks need it first. */
  text: string;
}

/**
 * One fetch with its own timeout covering headers and body. A caller's abort rejects with the
 * caller's reason (never a TimeoutError); other failures become an AttemptFailure.
 */
export async function attempt(
  fetchFn: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  callerSignal: AbortSignal | null | undefined,
): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`attempt timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onAbort = () => controller.abort(callerSignal!.reason);
  callerSignal?.addEventListener("abort", onAbort, { once: true });
  const fail = (stage: "connection" | "truncated", error: unknown): never => {
    if (callerSignal?.aborted) throw callerSignal.reason;
    throw new AttemptFailure(timedOut ? "timeout" : stage, error);
  };
  try {
    if (callerSignal?.aborted) throw callerSignal.reason;
    const response = await fetchFn(url, { ...init, signal: controller.signal }).catch((e) =>
      fail("connection", e),
    );
    // text() rather than arrayBuffer() + TextDecoder: measurably cheaper per call in undici.
    const text = await response.text().catch((e) => fail("truncated", e));
    return { response, text };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onAbort);
  }
}
