import { callSignal } from "./deadline.js";
import { TimeoutError, type KeyApiError, type KeyApiErrorInit } from "./errors.js";
import { passes } from "./log.js";
import type { RetryBudget } from "./retry-budget.js";
import { backoffMs, decideRetry } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { tryOnce, type CallContext, type Progress, type Tried } from "./try-once.js";

/** Everything one call of the layer needs: what its attempts share, and the call's own. */
export interface SendContext extends CallContext {
  budget: RetryBudget | undefined;
  signal: AbortSignal | null | undefined;
}

/** A request as the layer sends it: openapi-fetch's, taken apart, or one `get` built itself. */
export interface Outgoing {
  url: string;
  init: RequestInit;
}

/**
 * One call: attempts (`tryOnce`) until one succeeds or the retry policy says stop, all under the
 * call's deadline. Resolves to the final attempt (its outcome, typed error included, and the bytes
 * it read); rejects only with what ends the call as it came (the caller's abort, the deadline).
 */
export function send(request: Outgoing, ctx: SendContext): Promise<Tried> {
  // What the call was doing when its deadline passed, for the error's message.
  const progress: Progress = { now: "waiting for a rate-limit turn", attempts: 0 };
  // No deadline: the caller's signal is the call's, and nothing is left to stop.
  return ctx.settings.deadlineMs === undefined
    ? retry(ctx, request, ctx.signal ?? undefined, progress)
    : underDeadline(request, ctx, progress);
}

/** The call under its `deadlineMs`: one signal for the caller's abort and the deadline. */
async function underDeadline(request: Outgoing, ctx: SendContext, progress: Progress) {
  const { method, path, settings: s } = ctx;
  const { signal, stop } = callSignal(
    ctx.signal,
    s.deadlineMs!,
    () =>
      new TimeoutError(`deadline of ${s.deadlineMs} ms (deadlineMs) passed ${progress.now}`, {
        method,
        path,
        attempts: progress.attempts,
      }),
  );
  try {
    return await retry(ctx, request, signal, progress);
  } finally {
    stop();
  }
}

/** The retry loop: an attempt, its log line, the policy's decision, the wait, again. */
async function retry(
  ctx: SendContext,
  request: Outgoing,
  signal: AbortSignal | undefined,
  progress: Progress,
): Promise<Tried> {
  const { settings: s, budget, method, path } = ctx;
  // 429s retried so far: counted apart, since the key's limit is not a failure of the call.
  let throttledRetries = 0;
  for (let attempts = 1; ; attempts++) {
    const started = Date.now();
    const { out, body } = await tryOnce(ctx, request, attempts, signal, progress);
    const { error, status } = out;
    const throttled = status === 429;
    // A 429 neither spends nor earns the budget: it says nothing about the vendor's health.
    if (!throttled) budget?.record(!error, !!out.retryable);
    if (passes("debug", s.logLevel))
      s.log.debug(`${method} ${path} → ${status ?? error?.name}`, {
        method,
        path,
        status,
        attempt: attempts,
        durationMs: Date.now() - started,
        requestId: out.requestId,
      });
    const decision =
      error &&
      decideRetry({
        retryable: !!out.retryable,
        attempt: attempts - throttledRetries,
        maxRetries: s.maxRetries,
        throttled,
        throttledRetries,
        maxThrottledRetries: s.maxRateLimitRetries,
        method,
        retryUnsafeMethods: s.retryUnsafeMethods,
        serverWaitMs: out.waitMs,
        shouldRetry: () => s.shouldRetry?.({ method, path, attempt: attempts, status, error }),
        budgetAllows: () => !budget || budget.canRetry(),
      });
    if (decision !== "retry")
      return decision === "retry budget exhausted"
        ? { out: { ...out, error: withNote(error!, `${decision}: not retried`) }, body }
        : { out, body };
    if (throttled) throttledRetries++;
    const n = throttled ? throttledRetries : attempts - throttledRetries;
    const wait = out.waitMs ?? backoffMs(n, s.baseDelayMs, s.maxDelayMs);
    // A 429 is routine at the key's limit (many walks at once meet it): debug, not warn.
    const level = throttled ? "debug" : "warn";
    if (passes(level, s.logLevel))
      s.log[level](
        throttled
          ? `${method} ${path} rate limited (${error!.message}); retry in ${wait} ms`
          : `${method} ${path} failed (${error!.message}); retry ${n}/${s.maxRetries} in ${wait} ms`,
        { method, path, attempt: attempts, waitMs: wait },
      );
    progress.now = `in the backoff before attempt ${attempts + 1}`;
    await sleep(wait, signal);
  }
}

/**
 * The same error, rebuilt with a note on its message: errors are built when a response is read,
 * before the retry decision that may have something to add (a spent retry budget).
 */
function withNote<E extends KeyApiError>(error: E, note: string): E {
  const Class = error.constructor as new (message: string, init: KeyApiErrorInit) => E;
  const { name: _n, message: _m, ...fields } = error.toJSON();
  return new Class(`${error.message} (${note})`, { ...fields, cause: error.cause });
}
