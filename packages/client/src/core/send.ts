import { callSignal } from "./deadline.js";
import { redact } from "./auth.js";
import type { Outcome } from "./classify.js";
import {
  InvalidResponseError,
  TimeoutError,
  type KeyApiError,
  type KeyApiErrorInit,
} from "./errors.js";
import { passes } from "./log.js";
import type { CallRecord } from "./outcomes.js";
import type { RetryBudget } from "./retry-budget.js";
import { backoffMs, decideRetry } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { tryOnce, type CallContext, type Progress } from "./try-once.js";

/** Everything one call of the layer needs: what its attempts share, and the call's own. */
export interface SendContext extends CallContext {
  budget: RetryBudget | undefined;
  signal: AbortSignal | null | undefined;
  /** Filled with the call's outcome for a caller that asked (`get`). */
  record: CallRecord | undefined;
}

/**
 * The retrying fetch beneath openapi-fetch (middleware cannot re-send): attempts (`tryOnce`)
 * until one succeeds or the retry policy says stop, then hands openapi-fetch a new Response
 * with the body it read, and tells a caller that asked what it came to (`outcomes.ts`).
 */
export async function send(request: Request, ctx: SendContext): Promise<Response> {
  const { method, path, settings: s } = ctx;
  // What the call was doing when its deadline passed, for the error's message.
  const progress: Progress = { now: "waiting for a rate-limit turn", attempts: 0 };
  const { signal, stop } = callSignal(
    ctx.signal,
    s.deadlineMs,
    () =>
      new TimeoutError(`deadline of ${s.deadlineMs} ms (deadlineMs) passed ${progress.now}`, {
        method,
        path,
        attempts: progress.attempts,
      }),
  );
  try {
    // Authorization and User-Agent are already among openapi-fetch's headers (set at creation).
    const init: RequestInit = {
      method,
      headers: request.headers,
      body: request.body && (await request.arrayBuffer()),
      redirect: request.redirect,
    };
    return await retry(ctx, { url: request.url, init }, signal, progress);
  } finally {
    stop();
  }
}

/** The retry loop: an attempt, its log line, the policy's decision, the wait, again. */
async function retry(
  ctx: SendContext,
  request: { url: string; init: RequestInit },
  signal: AbortSignal | undefined,
  progress: Progress,
): Promise<Response> {
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
    if (decision !== "retry") {
      const final =
        decision === "retry budget exhausted"
          ? { ...out, error: withNote(error!, `${decision}: not retried`) }
          : out;
      if (ctx.record) ctx.record.outcome = final;
      const delivered = responseOf(final, body, ctx.apiKey, !ctx.record?.outcomeOnly);
      if (ctx.record) ctx.record.delivered = delivered;
      return delivered;
    }
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

// Statuses whose Response must have a null body (the Fetch standard's "null body status").
const NULL_BODY = [101, 204, 205, 304];

/**
 * The Response handed to openapi-fetch and its middleware: a new one holding the bytes read
 * above and the server's headers, with the mapped status for an envelope error (openapi-fetch
 * routes by `ok`). The server's Response is left as it came. No response (network, timeout) or
 * a 2xx that is not JSON leaves nothing for openapi-fetch to parse: the error is thrown.
 */
function responseOf(
  out: Outcome,
  body: ArrayBuffer | undefined,
  key: string | undefined,
  whole: boolean,
): Response {
  const { error, status = 500, response } = out;
  if (!response || error instanceof InvalidResponseError) throw error;
  // Read by nobody but a caller that takes the outcome (`get` with no middleware): a body would
  // cost a stream, and the headers a copy, for each call.
  if (!whole) return new Response(null, { status });
  // The key echoed in a header, the status text or a redirect's URL is redacted like the body:
  // openapi-fetch's `response` reaches middleware and logs.
  const headers = new Headers(response.headers);
  if (key) headers.forEach((value, name) => headers.set(name, redact(value, key)));
  const mapped = new Response(NULL_BODY.includes(status) ? null : body, {
    status,
    statusText: status === response.status ? redact(response.statusText, key) : "",
    headers,
  });
  // A constructed Response has no url; middleware and logs expect the server's.
  return Object.defineProperty(mapped, "url", { value: redact(response.url, key) });
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
