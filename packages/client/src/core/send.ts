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
  userAgent: string | undefined;
  /** Shared by every call of the client. */
  meter: CreditMeter;
  throttle: Throttle | undefined;
  budget: RetryBudget | undefined;
  /** Credits one successful attempt of this call costs. */
  cost: number;
  /** With `validateResponses`: a description of how the body breaks its schema, or undefined. */
  validate: ((status: number, body: unknown) => Promise<string | undefined>) | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
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
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Turns one complete response into an outcome: success, or a typed error and whether to retry. */
function classify(
  response: Response,
  bytes: Uint8Array<ArrayBuffer>,
  base: object,
  key: string,
): Outcome {
  const parsed = parseBody(bytes);
  const envelope = parsed.ok ? asEnvelope(parsed.json) : undefined;
  const requestId = str(envelope?.requestId) ?? response.headers.get("x-request-id") ?? undefined;
  const code = typeof envelope?.code === "number" ? envelope.code : undefined;
  const inEnvelope = response.ok && !!code;
  const status = inEnvelope ? envelopeStatus(code!) : response.status;
  const init = { ...base, status, code, requestId };
  const out: Outcome = { status, response, envelope, requestId };
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
  } else if (!parsed.ok && bytes.length) {
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
function rebuild(response: Response, bytes: Uint8Array<ArrayBuffer>, status: number): Response {
  const headers = new Headers(response.headers);
  // The body is already decoded and counted: these would describe bytes that no longer exist.
  headers.delete("content-encoding");
  headers.delete("content-length");
  const empty = bytes.length === 0 || status === 204 || status === 304;
  return new Response(empty ? null : bytes, { status, statusText: response.statusText, headers });
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
  const method = request.method.toUpperCase();
  const url = new URL(request.url);
  const path = url.pathname;
  const signal = call.signal ?? undefined;
  const timeoutMs = call.timeoutMs ?? config.timeoutMs;
  const maxRetries = call.maxRetries ?? config.maxRetries;
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${config.apiKey}`);
  if (config.userAgent) headers.set("user-agent", config.userAgent);
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  const init: RequestInit = { method, headers, body: body ?? null, redirect: request.redirect };
  const mayRetry = config.retryUnsafeMethods || isSafeMethod(method);

  for (let attempts = 1; ; attempts++) {
    const base = { method, path, attempts };
    const started = Date.now();
    const { meter, throttle, budget, cost } = config;
    meter.reserve(cost, base, attempts > 1);
    const release = await throttle?.acquire(signal).catch((error: unknown) => {
      meter.settle(cost, false);
      throw error;
    });
    let outcome: Outcome;
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    try {
      const result = await attempt(fetchFn, url.href, init, timeoutMs, signal);
      bytes = result.bytes;
      outcome = classify(result.response, bytes, base, config.apiKey);
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
    meter.settle(cost, !outcome.error);
    throttle?.record(outcome.status);
    budget?.record(!outcome.error, !!outcome.retryable);
    config.log.debug(`${method} ${path} → ${outcome.status ?? outcome.error?.name}`, {
      method,
      path,
      status: outcome.status,
      attempt: attempts,
      durationMs: Date.now() - started,
      requestId: outcome.requestId,
    });

    const { error } = outcome;
    if (
      !error ||
      !outcome.retryable ||
      attempts > maxRetries ||
      !mayRetry ||
      (outcome.waitMs ?? 0) > MAX_SERVER_WAIT_MS
    ) {
      return finish(outcome, bytes, attempts);
    }
    const ctx = { method, path, attempt: attempts, status: outcome.status, error };
    if (config.shouldRetry?.(ctx) === false) return finish(outcome, bytes, attempts);
    if (budget && !budget.canRetry()) {
      return finish(outcome, bytes, attempts, " (retry budget exhausted: not retried)");
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

function finish(
  outcome: Outcome,
  bytes: Uint8Array<ArrayBuffer> | undefined,
  attempts: number,
  note = "",
): Response {
  const { error, response } = outcome;
  if (error && note) error.message += note;
  // No HTTP answer (network, timeout), or a 2xx that is not JSON: nothing for openapi-fetch to parse.
  if (!response || !bytes || error instanceof InvalidResponseError) throw error;
  const rebuilt = rebuild(response, bytes, outcome.status ?? response.status);
  callMeta.set(rebuilt, {
    attempts,
    requestId: outcome.requestId,
    envelope: outcome.envelope,
    error,
  });
  return rebuilt;
}
