import { operationKey } from "@keyapi-tiktok/types";
import { attempt, CallerAbort } from "./attempt.js";
import { classify, type Outcome } from "./classify.js";
import type { CreditMeter } from "./credits.js";
import { InvalidResponseError, KeyApiError, TimeoutError, type KeyApiErrorInit } from "./errors.js";
import { passes, type LogSink } from "./log.js";
import type { RetryBudget } from "./retry-budget.js";
import { backoffMs, decideRetry, DEFAULT_RATE_LIMIT_RETRIES } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import type { RateLimiter } from "./throttle.js";
import { callSignal } from "./deadline.js";
import { validateResponse } from "./validate-response.js";
import { redact, redactMessage } from "./auth.js";
import { exactIntegers } from "./big-integers.js";
import type { Pace } from "./pace.js";

const utf8 = new TextEncoder();

/** The client options the layer reads (the public `KeyApiClientOptions` has them all). */
export interface LayerOptions {
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  deadlineMs?: number | undefined;
  maxRetries?: number | undefined;
  retry?:
    | {
        baseDelayMs?: number | undefined;
        maxDelayMs?: number | undefined;
        maxRateLimitRetries?: number | undefined;
        shouldRetry?:
          | ((ctx: {
              method: string;
              path: string;
              attempt: number;
              status: number | undefined;
              error: KeyApiError;
            }) => boolean | undefined)
          | undefined;
      }
    | undefined;
  retryUnsafeMethods?: boolean | undefined;
  logger?: LogSink | undefined;
  logLevel?: string | undefined;
  validateResponses?: boolean | undefined;
}

/** Everything one call of the layer needs: the client's shared parts and this call's options. */
export interface SendContext {
  options: LayerOptions;
  apiKey: string | undefined;
  /** Shared by every call of the client. */
  meter: CreditMeter;
  throttle: RateLimiter | undefined;
  budget: RetryBudget | undefined;
  /** Credits one successful attempt of this call costs. */
  cost: number;
  method: string;
  /** The operation's path as the spec writes it (templates unfilled), for errors and logs. */
  path: string;
  signal: AbortSignal | null | undefined;
  timeoutMs: number | undefined;
  deadlineMs: number | undefined;
  maxRetries: number | undefined;
  /** Measures answered attempts, for the walks' window (Little's law). */
  pace?: Pace | undefined;
  /** Told the call's final outcome: `get` throws the typed error from here. */
  report: ((outcome: Outcome) => void) | undefined;
}

/**
 * The retrying fetch beneath openapi-fetch (middleware cannot re-send). Reads each body once,
 * maps envelope errors and retries by policy; hands back a new Response with the body it read.
 */
export async function send(request: Request, context: SendContext): Promise<Response> {
  const { method, path, deadlineMs = context.options.deadlineMs } = context;
  // What the call was doing when its deadline passed, for the error's message.
  const doing = { now: "waiting for a rate-limit turn", attempts: 0 };
  const { signal, stop } = callSignal(
    context.signal,
    deadlineMs,
    () =>
      new TimeoutError(`deadline of ${deadlineMs} ms (deadlineMs) passed ${doing.now}`, {
        method,
        path,
        attempts: doing.attempts,
      }),
  );
  try {
    return await sendUntil(request, context, signal, doing);
  } finally {
    stop();
  }
}

async function sendUntil(
  request: Request,
  context: SendContext,
  signal: AbortSignal | undefined,
  doing: { now: string; attempts: number },
): Promise<Response> {
  const { options: o, meter, throttle, budget, cost, method, path, apiKey: key } = context;
  const log = o.logger ?? console;
  const fetchFn = o.fetch ?? globalThis.fetch; // resolved per call, never captured
  const { timeoutMs = o.timeoutMs ?? 30_000, maxRetries = o.maxRetries ?? 2 } = context;
  // Authorization and User-Agent are already among openapi-fetch's headers (set at creation).
  const init: RequestInit = {
    method,
    headers: request.headers,
    body: request.body && (await request.arrayBuffer()),
    redirect: request.redirect,
  };

  // 429s retried so far: counted apart, since the key's limit is not a failure of the call.
  let throttledRetries = 0;
  for (let attempts = 1; ; attempts++) {
    const where = { method, path, attempts };
    const started = Date.now();
    meter.reserve(cost, where, attempts > 1);
    // Charged: the vendor answered 2xx (headers arrived), unless its envelope says an error.
    // Even a body that fails our checks was charged. Errors, 429s and network failures are free.
    let charged = false;
    let out: Outcome;
    let body: ArrayBuffer | undefined;
    let release: ((status?: number) => void) | undefined;
    // The status of a response whose body arrived: from here on, a failure is ours, not theirs.
    let seen: number | undefined;
    doing.attempts = attempts - 1;
    doing.now = "waiting for a rate-limit turn";
    try {
      release = await throttle?.acquire(signal);
      doing.attempts = attempts;
      doing.now = `during attempt ${attempts}`;
      const sentAt = Date.now();
      const result = await attempt(fetchFn, request.url, init, timeoutMs, signal, where, key);
      seen = result.response.status;
      if (seen !== 429) context.pace?.observe(Date.now() - sentAt);
      ({ body } = result);
      let { text } = result;
      // A key the server echoes back (in an error message, a requestId) never reaches the
      // caller: not in an error, a log line, nor the body openapi-fetch parses.
      text = redact(text, key);
      // An id sent as a bare number past 2^53 would be rounded by every JSON.parse after here.
      text = exactIntegers(text);
      if (text !== result.text) body = utf8.encode(text).buffer as ArrayBuffer;
      out = classify(result.response, text, where, key);
      charged = result.response.ok && out.status === result.response.status;
      const problem =
        o.validateResponses &&
        !(out.error instanceof InvalidResponseError) &&
        (await validateResponse(`${operationKey(method, path)} ${out.status}`, out.json));
      if (problem)
        out = { error: new InvalidResponseError(problem, { ...where, status: out.status }) };
    } catch (caught) {
      let error = caught;
      // Reading a body that arrived failed on our side (a parser out of stack): the vendor
      // served it, so it is charged like any answer, and the caller gets a typed error.
      if (seen !== undefined && !(error instanceof KeyApiError) && !signal?.aborted)
        error = new InvalidResponseError(
          `response could not be read: ${redactMessage(String(caught), key)}`,
          { ...where, status: seen },
        );
      // Anything but the attempt's own failures (the caller's abort, the deadline) ends the call
      // as it came.
      if (!(error instanceof KeyApiError) || signal?.aborted) {
        release?.();
        // An attempt the caller gave up on may have been served: charged once it was handed to
        // fetch, unless headers with a non-2xx status came first. Over-counting is the safe side.
        const { sent, status = 200 } = error instanceof CallerAbort ? error : { sent: false };
        meter.settle(cost, sent && status >= 200 && status < 300);
        throw error instanceof CallerAbort ? error.reason : error;
      }
      out = { error, retryable: seen === undefined };
      // Counted conservatively: a 2xx whose headers arrived was charged, even if its body was
      // then cut off or too slow; so was a request that timed out before any headers (it was
      // sent, and the vendor cannot tell our timeout from the caller's abort).
      charged =
        (error.status! >= 200 && error.status! < 300) ||
        (error instanceof TimeoutError && error.status === undefined);
    }
    meter.settle(cost, charged);
    release?.(out.status);
    const { error, status } = out;
    const throttled = status === 429;
    // A 429 neither spends nor earns the budget: it says nothing about the vendor's health.
    if (!throttled) budget?.record(!error, !!out.retryable);
    if (passes("debug", o.logLevel)) {
      log.debug(`${method} ${path} → ${status ?? error?.name}`, {
        method,
        path,
        status,
        attempt: attempts,
        durationMs: Date.now() - started,
        requestId: out.requestId,
      });
    }
    const decision =
      error &&
      decideRetry({
        retryable: !!out.retryable,
        attempt: attempts - throttledRetries,
        maxRetries,
        throttled,
        throttledRetries,
        maxThrottledRetries: o.retry?.maxRateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES,
        method,
        retryUnsafeMethods: !!o.retryUnsafeMethods,
        serverWaitMs: out.waitMs,
        shouldRetry: () =>
          o.retry?.shouldRetry?.({ method, path, attempt: attempts, status, error }),
        budgetAllows: () => !budget || budget.canRetry(),
      });
    if (decision !== "retry") {
      if (decision === "retry budget exhausted")
        out = { ...out, error: withNote(error!, `${decision}: not retried`) };
      let delivered: Response | undefined;
      try {
        delivered = responseOf(out, body, key);
      } finally {
        context.report?.({ ...out, delivered });
      }
      return delivered;
    }
    if (throttled) throttledRetries++;
    const retry = throttled ? throttledRetries : attempts - throttledRetries;
    const wait = out.waitMs ?? backoffMs(retry, o.retry?.baseDelayMs, o.retry?.maxDelayMs);
    // A 429 is routine at the key's limit (many walks at once meet it): debug, not warn.
    const level = throttled ? "debug" : "warn";
    if (passes(level, o.logLevel)) {
      log[level](
        throttled
          ? `${method} ${path} rate limited (${error!.message}); retry in ${wait} ms`
          : `${method} ${path} failed (${error!.message}); retry ${retry}/${maxRetries} in ${wait} ms`,
        { method, path, attempt: attempts, waitMs: wait },
      );
    }
    doing.now = `in the backoff before attempt ${attempts + 1}`;
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
): Response {
  const { error, status = 500, response } = out;
  if (!response || error instanceof InvalidResponseError) throw error;
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
