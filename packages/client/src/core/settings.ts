import type { KeyApiError } from "./errors.js";
import type { LogSink } from "./log.js";
import { DEFAULT_RATE_LIMIT_RETRIES } from "./retry-policy.js";

/** The options the request path reads, as the client is given them (every one optional). */
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
        shouldRetry?: ((ctx: RetryHookContext) => boolean | undefined) | undefined;
      }
    | undefined;
  retryUnsafeMethods?: boolean | undefined;
  logger?: LogSink | undefined;
  logLevel?: string | undefined;
  validateResponses?: boolean | undefined;
  allowInsecureHttp?: boolean | undefined;
}

/** What the caller's `retry.shouldRetry` is told about a failed attempt. */
export interface RetryHookContext {
  method: string;
  path: string;
  attempt: number;
  status: number | undefined;
  error: KeyApiError;
}

/**
 * The request path's settings, every default in this one table: resolved once per client
 * ({@link resolveSettings}), with a call's own `timeoutMs`, `deadlineMs` and `maxRetries` laid
 * over them once per call ({@link forCall}).
 */
export interface Settings {
  /** The caller's fetch; undefined: `globalThis.fetch`, looked up per call (MSW replaces it). */
  fetch: typeof fetch | undefined;
  /** Per attempt (default 30 s). */
  timeoutMs: number;
  /** For the whole call, retries and waits included (default none). */
  deadlineMs: number | undefined;
  /** Retries of failures (default 2); 429s have their own bound. */
  maxRetries: number;
  /** The backoff's first ceiling and its cap (defaults in `backoffMs`: 500 ms, 8 s). */
  baseDelayMs: number | undefined;
  maxDelayMs: number | undefined;
  /** Retries of 429s (default 30): the key's limit is not a failure of the call. */
  maxRateLimitRetries: number;
  shouldRetry: ((ctx: RetryHookContext) => boolean | undefined) | undefined;
  retryUnsafeMethods: boolean;
  log: LogSink;
  logLevel: string | undefined;
  validateResponses: boolean;
  /** The key may travel over plain http to a host that is not loopback (default false). */
  allowInsecureHttp: boolean;
}

export const resolveSettings = (o: LayerOptions): Settings => ({
  fetch: o.fetch,
  timeoutMs: o.timeoutMs ?? 30_000,
  deadlineMs: o.deadlineMs,
  maxRetries: o.maxRetries ?? 2,
  baseDelayMs: o.retry?.baseDelayMs,
  maxDelayMs: o.retry?.maxDelayMs,
  maxRateLimitRetries: o.retry?.maxRateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES,
  shouldRetry: o.retry?.shouldRetry,
  retryUnsafeMethods: !!o.retryUnsafeMethods,
  log: o.logger ?? console,
  logLevel: o.logLevel,
  validateResponses: !!o.validateResponses,
  allowInsecureHttp: !!o.allowInsecureHttp,
});

/** A call's settings: the client's, with the call's own overrides (the same object if none). */
export const forCall = (
  s: Settings,
  {
    timeoutMs,
    deadlineMs,
    maxRetries,
    fetch,
  }: Pick<LayerOptions, "timeoutMs" | "deadlineMs" | "maxRetries" | "fetch">,
): Settings =>
  timeoutMs === undefined &&
  deadlineMs === undefined &&
  maxRetries === undefined &&
  fetch === undefined
    ? s
    : {
        ...s,
        timeoutMs: timeoutMs ?? s.timeoutMs,
        deadlineMs: deadlineMs ?? s.deadlineMs,
        maxRetries: maxRetries ?? s.maxRetries,
        fetch: fetch ?? s.fetch,
      };
