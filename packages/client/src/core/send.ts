import { attempt } from "./attempt.js";
import { classify, type Outcome } from "./classify.js";
import { backoffMs, isSafeMethod, MAX_SERVER_WAIT_MS } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { validateResponse } from "./validate-response.js";
import { InvalidResponseError, KeyApiError } from "../errors.js";
import { passes } from "../logger.js";
import type { KeyApiClientOptions } from "../options.js";
import type { CreditMeter } from "./credits.js";
import type { RetryBudget } from "./retry-budget.js";
import type { Throttle } from "./throttle.js";

/** What the retry hook sees; return false to stop retrying, true or undefined to let policy decide. */
export interface RetryContext {
  method: string;
  path: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  status: number | undefined;
  error: KeyApiError;
}

/** Per-call options, accepted by `get`, `paginate` and the openapi-fetch methods. */
export interface CallOptions {
  /** Aborts the request, a backoff wait or a place in the rate-limit queue at once. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number | undefined;
  /** Overrides the client's retry count for this call (0 disables retries). */
  maxRetries?: number | undefined;
}

/** Everything one call of the layer needs: the client's shared parts and this call's options. */
export interface SendContext extends CallOptions {
  options: KeyApiClientOptions;
  apiKey: string;
  /** Shared by every call of the client. */
  meter: CreditMeter;
  throttle: Throttle | undefined;
  budget: RetryBudget | undefined;
  /** Credits one successful attempt of this call costs. */
  cost: number;
  method: string;
  /** The operation's path as the spec writes it (templates unfilled), for errors and logs. */
  path: string;
}

/** What the layer learned about a call, for the throwing API and for the logs. */
export interface CallMeta {
  attempts: number;
  requestId: string | undefined;
  /** The parsed body (the envelope, when the API kept its word). */
  json: unknown;
  error: KeyApiError | undefined;
}

export const callMeta = new WeakMap<Response, CallMeta>();

/**
 * The retrying fetch beneath openapi-fetch (middleware cannot re-send). Reads each body once,
 * maps envelope errors, retries by policy, and records what happened in `callMeta`.
 */
export async function send(request: Request, context: SendContext): Promise<Response> {
  const { options: o, meter, throttle, budget, cost, method, path, signal } = context;
  const log = o.logger ?? console;
  const fetchFn = o.fetch ?? globalThis.fetch; // resolved per call, never captured
  const { url } = request;
  const { timeoutMs = o.timeoutMs ?? 30_000, maxRetries = o.maxRetries ?? 2 } = context;
  // Authorization and User-Agent are already among openapi-fetch's headers (set at creation).
  const init: RequestInit = {
    method,
    headers: request.headers,
    body: request.body && (await request.arrayBuffer()),
    redirect: request.redirect,
  };

  for (let attempts = 1; ; attempts++) {
    const where = { method, path, attempts };
    const started = Date.now();
    meter.reserve(cost, where, attempts > 1);
    // Charged: the vendor answered 2xx with envelope code 0 (or a body we could not read), even
    // if it then fails our schema check. Errors, 429s and network failures are assumed free.
    let charged = false;
    let out: Outcome;
    let text: string | undefined;
    try {
      const release = await throttle?.acquire(signal);
      try {
        const result = await attempt(fetchFn, url, init, timeoutMs, signal, where);
        text = result.text;
        out = classify(result.response, text, where, context.apiKey);
        charged = result.response.ok && out.status === result.response.status;
        const problem =
          o.validateResponses &&
          !(out.error instanceof InvalidResponseError) &&
          (await validateResponse(`${method} ${path} ${out.status}`, out.json));
        if (problem)
          out = { error: new InvalidResponseError(problem, { ...where, status: out.status }) };
      } finally {
        release?.();
      }
    } catch (error) {
      // Anything but the attempt's own failures (the caller's abort) ends the call as it came.
      if (!(error instanceof KeyApiError)) {
        meter.settle(cost, false);
        throw error;
      }
      out = { error, retryable: true };
    }
    meter.settle(cost, charged);
    throttle?.record(out.status);
    const { error, status, waitMs = 0 } = out;
    budget?.record(!error, !!out.retryable);
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
    if (
      !error ||
      !out.retryable ||
      attempts > maxRetries ||
      !(o.retryUnsafeMethods || isSafeMethod(method)) ||
      waitMs > MAX_SERVER_WAIT_MS ||
      o.retry?.shouldRetry?.({ method, path, attempt: attempts, status, error }) === false
    ) {
      return finish(out, text, attempts);
    }
    if (budget && !budget.canRetry()) {
      error.message += " (retry budget exhausted: not retried)";
      return finish(out, text, attempts);
    }
    const wait = out.waitMs ?? backoffMs(attempts, o.retry?.baseDelayMs, o.retry?.maxDelayMs);
    if (passes("warn", o.logLevel)) {
      log.warn(
        `${method} ${path} failed (${error.message}); retry ${attempts}/${maxRetries} in ${wait} ms`,
        { method, path, attempt: attempts, waitMs: wait },
      );
    }
    await sleep(wait, signal);
  }
}

/**
 * The Response handed to openapi-fetch: the original, whose body was read once above, so
 * `json()` and `text()` answer from what was read. An envelope error also shadows `status` and
 * `ok` with the mapped status (openapi-fetch routes by `ok`); headers stay as the server sent
 * them. No response (network, timeout) or a 2xx that is not JSON leaves nothing for
 * openapi-fetch to parse: the error is thrown.
 */
function finish(out: Outcome, text: string | undefined, attempts: number): Response {
  const { error, status, json, response } = out;
  if (!response || error instanceof InvalidResponseError) throw error;
  Object.defineProperties(response, {
    status: { value: status },
    ok: { value: !error },
    // An unparseable body rejects with the parser's own SyntaxError.
    json: { value: async () => json ?? JSON.parse(text!) },
    text: { value: async () => text },
  });
  callMeta.set(response, { attempts, requestId: out.requestId, json, error });
  return response;
}
