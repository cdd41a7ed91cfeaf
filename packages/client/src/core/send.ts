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
  hooks: SendHooks;
}

/** Extension points for the client's throttling and accounting (rate limit, credits, budgets). */
export interface SendHooks {
  /** Before each attempt: wait for a slot; returns its release. May throw to refuse the attempt. */
  beforeAttempt?(ctx: {
    method: string;
    path: string;
    attempt: number;
    signal: AbortSignal | undefined;
  }): Promise<() => void>;
  /** After each attempt with what it produced (status undefined when no response arrived). */
  afterAttempt?(ctx: { status: number | undefined; success: boolean }): void;
  /** Before each retry: false when the retry budget is spent. */
  allowRetry?(): boolean;
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
  status: number | undefined;
  error: KeyApiError | undefined;
  retryable: boolean;
  waitMs: number | undefined;
  response?: Response;
  envelope?: Envelope;
  requestId?: string;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Turns one complete response into an outcome: success, or a typed error and whether to retry. */
function classify(
  response: Response,
  bytes: Uint8Array<ArrayBuffer>,
  base: { method: string; path: string; attempts: number },
  key: string,
): Outcome {
  const parsed = parseBody(bytes);
  const envelope = parsed.ok ? asEnvelope(parsed.json) : undefined;
  const requestId = str(envelope?.requestId) ?? response.headers.get("x-request-id") ?? undefined;
  const code = typeof envelope?.code === "number" ? envelope.code : undefined;
  const envelopeError = response.ok && code !== undefined && code !== 0;
  const status = envelopeError ? envelopeStatus(code) : response.status;
  const init = { ...base, status, code, requestId };
  if (response.ok && !envelopeError) {
    if (!parsed.ok && bytes.length > 0) {
      const error = new InvalidResponseError(
        `response is not valid JSON: ${String(parsed.error)}`,
        {
          ...init,
          cause: parsed.error,
        },
      );
      return { status, error, retryable: false, waitMs: undefined, requestId };
    }
    return {
      status,
      error: undefined,
      retryable: false,
      waitMs: undefined,
      response,
      envelope,
      requestId,
    };
  }
  const waitMs = serverWaitMs(response.headers);
  const vendorMessage =
    str(envelope?.message) ?? (parsed.text.slice(0, 200) || response.statusText);
  const message = redact(
    `${vendorMessage} (HTTP ${status}${envelopeError ? " in a 200 envelope" : ""})`,
    key,
  );
  const Class = errorClassFor(status);
  const error =
    Class === RateLimitError
      ? new RateLimitError(message, { ...init, retryAfterMs: waitMs })
      : new Class(message, init);
  return {
    status,
    error,
    retryable: isRetryableStatus(status),
    waitMs,
    response,
    envelope,
    requestId,
  };
}

function failureError(
  f: AttemptFailure,
  base: { method: string; path: string; attempts: number },
  timeoutMs: number,
) {
  const init = { ...base, cause: f.cause };
  if (f.kind === "timeout")
    return new TimeoutError(`no complete response within ${timeoutMs} ms`, init);
  if (f.kind === "truncated")
    return new InvalidResponseError(`response body was cut off: ${String(f.cause)}`, init);
  return new ConnectionError(
    `connection failed: ${String((f.cause as Error)?.message ?? f.cause)}`,
    init,
  );
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
    const release = await config.hooks.beforeAttempt?.({ method, path, attempt: attempts, signal });
    let outcome: Outcome;
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    try {
      const result = await attempt(fetchFn, url.href, init, timeoutMs, signal);
      bytes = result.bytes;
      outcome = classify(result.response, bytes, base, config.apiKey);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error; // the caller's abort, as they sent it
      outcome = {
        status: undefined,
        error: failureError(error, base, timeoutMs),
        retryable: true,
        waitMs: undefined,
      };
    } finally {
      release?.();
    }
    config.hooks.afterAttempt?.({ status: outcome.status, success: !outcome.error });
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
    if (config.hooks.allowRetry && !config.hooks.allowRetry()) {
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
