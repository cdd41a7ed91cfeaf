import { redact } from "./auth.js";
import { attempt, AttemptFailure } from "./attempt.js";
import { asEnvelope, envelopeStatus, parseBody, type Envelope } from "./envelope.js";
import {
  backoffMs,
  isRetryableStatus,
  isSafeMethod,
  MAX_SERVER_WAIT_MS,
  serverWaitMs,
} from "./retry-policy.js";
import { sleep } from "./sleep.js";
import {
  ConnectionError,
  errorClassFor,
  InvalidResponseError,
  type KeyApiError,
  RateLimitError,
  TimeoutError,
} from "../errors.js";
import type { Logger } from "../logger.js";
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

export interface SendConfig {
  apiKey: string;
  fetch: typeof fetch | undefined;
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  shouldRetry: ((ctx: RetryContext) => boolean | undefined) | undefined;
  retryUnsafeMethods: boolean;
  log: Logger;
  /** Build per-attempt debug records only when they will be logged. */
  debug: boolean;
  /** Shared by every call of the client. */
  meter: CreditMeter;
  throttle: Throttle | undefined;
  budget: RetryBudget | undefined;
  /** Credits one successful attempt of this call costs. */
  cost: number;
  /** With `validateResponses`: a description of how the body breaks its schema, or undefined. */
  validate: ((status: number, body: unknown) => Promise<string | undefined>) | undefined;
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

/** What the layer learned about a call, for the throwing API and for the logs. */
export interface CallMeta {
  attempts: number;
  requestId: string | undefined;
  envelope: Envelope | undefined;
  error: KeyApiError | undefined;
}

export const callMeta = new WeakMap<Response, CallMeta>();

interface Outcome {
  status?: number | undefined;
  error?: KeyApiError | undefined;
  retryable?: boolean;
  waitMs?: number | undefined;
  response?: Response;
  envelope?: Envelope | undefined;
  requestId?: string | undefined;
  /** The body parsed once here, handed to openapi-fetch without a second parse. */
  json?: unknown;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Turns one complete response into an outcome: success, or a typed error and whether to retry. */
function classify(response: Response, text: string, base: object, key: string): Outcome {
  const parsed = parseBody(text);
  const envelope = parsed.ok ? asEnvelope(parsed.json) : undefined;
  const requestId = str(envelope?.requestId) ?? response.headers.get("x-request-id") ?? undefined;
  const code = typeof envelope?.code === "number" ? envelope.code : undefined;
  const inEnvelope = response.ok && !!code;
  const status = inEnvelope ? envelopeStatus(code!) : response.status;
  const init = { ...base, status, code, requestId };
  const out: Outcome = { status, response, envelope, requestId };
  if (parsed.ok) out.json = parsed.json;
  if (!response.ok || inEnvelope) {
    const waitMs = serverWaitMs(response.headers);
    const text = str(envelope?.message) ?? (parsed.text.slice(0, 200) || response.statusText);
    const message = redact(
      `${text} (HTTP ${status}${inEnvelope ? " in a 200 envelope" : ""})`,
      key,
    );
    const Class = errorClassFor(status);
    out.error = new Class(
      message,
      Class === RateLimitError ? { ...init, retryAfterMs: waitMs } : init,
    );
    out.retryable = isRetryableStatus(status);
    out.waitMs = waitMs;
  } else if (!parsed.ok && text.length) {
    out.error = new InvalidResponseError(`response is not valid JSON: ${parsed.error}`, {
      ...init,
      cause: parsed.error,
    });
  }
  return out;
}

function failureError(f: AttemptFailure, base: object, timeoutMs: number): KeyApiError {
  const init = { ...base, cause: f.cause };
  return f.kind === "timeout"
    ? new TimeoutError(`no complete response within ${timeoutMs} ms`, init)
    : f.kind === "truncated"
      ? new InvalidResponseError(`response body was cut off: ${f.cause}`, init)
      : new ConnectionError(`connection failed: ${(f.cause as Error)?.message ?? f.cause}`, init);
}

/** A Response that openapi-fetch can read, carrying an envelope error's mapped status. */
/**
 * The Response handed to openapi-fetch. Its body was read once above, so `json()` and `text()`
 * answer from what was parsed; a new Response is built only when an envelope error maps to
 * another status (openapi-fetch routes by `response.ok`).
 */
function handOver(outcome: Outcome, text: string): Response {
  const original = outcome.response!;
  const status = outcome.status ?? original.status;
  let response = original;
  if (status !== original.status) {
    const headers = new Headers(original.headers);
    // The body is already decoded and counted: these would describe bytes that no longer exist.
    headers.delete("content-encoding");
    headers.delete("content-length");
    response = new Response(text.length ? text : null, {
      status,
      statusText: original.statusText,
      headers,
    });
  }
  const { json } = outcome;
  Object.defineProperties(response, {
    json: {
      value: () =>
        json === undefined ? Promise.reject(new SyntaxError("not JSON")) : Promise.resolve(json),
    },
    text: { value: () => Promise.resolve(text) },
  });
  return response;
}

/**
 * The retrying fetch beneath openapi-fetch (middleware cannot re-send). Reads each body once,
 * maps envelope errors, retries by policy, and records what happened in `callMeta`.
 */
export async function send(
  request: Request,
  config: SendConfig,
  call: CallOptions,
): Promise<Response> {
  const fetchFn = config.fetch ?? globalThis.fetch; // resolved per call, never captured
  const method = request.method;
  const url = request.url;
  // The path without origin or query, for errors and logs (cheaper than new URL() per call).
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, "").split("?")[0]!;
  const signal = call.signal ?? undefined;
  const timeoutMs = call.timeoutMs ?? config.timeoutMs;
  const maxRetries = call.maxRetries ?? config.maxRetries;
  // Authorization and User-Agent are already among openapi-fetch's headers (set at creation).
  const requestBody = request.body ? new Uint8Array(await request.arrayBuffer()) : null;
  const init: RequestInit = {
    method,
    headers: request.headers,
    body: requestBody,
    redirect: request.redirect,
  };
  const mayRetry = config.retryUnsafeMethods || isSafeMethod(method);

  for (let attempts = 1; ; attempts++) {
    const base = { method, path, attempts };
    const started = Date.now();
    const { meter, throttle, budget, cost } = config;
    meter.reserve(cost, base, attempts > 1);
    const release = throttle
      ? await throttle.acquire(signal).catch((error: unknown) => {
          meter.settle(cost, false);
          throw error;
        })
      : undefined;
    let outcome: Outcome;
    let text: string | undefined;
    // Charged: the vendor answered 2xx with envelope code 0 (or a body we could not read), even
    // if it then fails our schema check. Errors, 429s and network failures are assumed free.
    let charged = false;
    try {
      const result = await attempt(fetchFn, url, init, timeoutMs, signal);
      text = result.text;
      outcome = classify(result.response, text, base, config.apiKey);
      charged = result.response.ok && outcome.status === result.response.status;
      if (config.validate && outcome.response && !(outcome.error instanceof InvalidResponseError)) {
        const problem = await config.validate(outcome.status!, outcome.envelope);
        if (problem)
          outcome = {
            error: new InvalidResponseError(problem, { ...base, status: outcome.status }),
          };
      }
    } catch (error) {
      if (!(error instanceof AttemptFailure)) {
        meter.settle(cost, false);
        throw error; // the caller's abort, as they sent it
      }
      outcome = { error: failureError(error, base, timeoutMs), retryable: true };
    } finally {
      release?.();
    }
    meter.settle(cost, charged);
    throttle?.record(outcome.status);
    budget?.record(!outcome.error, !!outcome.retryable);
    if (config.debug) {
      config.log.debug(`${method} ${path} → ${outcome.status ?? outcome.error?.name}`, {
        method,
        path,
        status: outcome.status,
        attempt: attempts,
        durationMs: Date.now() - started,
        requestId: outcome.requestId,
      });
    }

    const { error } = outcome;
    if (
      !error ||
      !outcome.retryable ||
      attempts > maxRetries ||
      !mayRetry ||
      (outcome.waitMs ?? 0) > MAX_SERVER_WAIT_MS
    ) {
      return finish(outcome, text, attempts);
    }
    const ctx = { method, path, attempt: attempts, status: outcome.status, error };
    if (config.shouldRetry?.(ctx) === false) return finish(outcome, text, attempts);
    if (budget && !budget.canRetry()) {
      return finish(outcome, text, attempts, " (retry budget exhausted: not retried)");
    }
    const waitMs = outcome.waitMs ?? backoffMs(attempts, config.baseDelayMs, config.maxDelayMs);
    config.log.warn(
      `${method} ${path} failed (${error.message}); retry ${attempts}/${maxRetries} in ${waitMs} ms`,
      {
        method,
        path,
        attempt: attempts,
        waitMs,
      },
    );
    await sleep(waitMs, signal);
  }
}

function finish(outcome: Outcome, text: string | undefined, attempts: number, note = ""): Response {
  const { error, response } = outcome;
  if (error && note) error.message += note;
  // No HTTP answer (network, timeout), or a 2xx that is not JSON: nothing for openapi-fetch to parse.
  if (!response || text === undefined || error instanceof InvalidResponseError) throw error;
  const rebuilt = handOver(outcome, text);
  callMeta.set(rebuilt, {
    attempts,
    requestId: outcome.requestId,
    envelope: outcome.envelope,
    error,
  });
  return rebuilt;
}
