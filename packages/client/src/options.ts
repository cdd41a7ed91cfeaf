import type { KeyApiError } from "./errors.js";
import type { Logger, LogLevel } from "./logger.js";
import type { RateLimiter, RateLimitOptions } from "./core/throttle.js";
import type { RetryBudgetOptions } from "./core/retry-budget.js";

/** What the retry hook sees; return false to stop retrying, true or undefined to let policy decide. */
export interface RetryContext {
  /** The HTTP method of the call. */
  method: string;
  /** The operation's path as the spec writes it. */
  path: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** The mapped HTTP status, undefined when no response came (network, timeout). */
  status: number | undefined;
  /** The typed error the attempt ended with. */
  error: KeyApiError;
}

/** Per-call options, accepted by `get`, `paginate` and the openapi-fetch methods. */
export interface CallOptions {
  /** Aborts the request, a backoff wait or a place in the rate-limit queue at once. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number | undefined;
  /**
   * Bounds the whole call: every attempt, the backoff between them and the wait for a rate-limit
   * turn. When it passes, the call fails with a `TimeoutError` whose message names `deadlineMs`
   * (a single attempt running out names `timeoutMs`). For a walk, it bounds each page.
   */
  deadlineMs?: number | undefined;
  /** Overrides the client's retry count for this call (0 disables retries). */
  maxRetries?: number | undefined;
}

/** Options of `createKeyApiClient`; every one has a default. */
export interface KeyApiClientOptions {
  /**
   * Default: `KEYAPI_API_KEY` from the environment, where a process environment exists. Needed
   * for KeyAPI's own host; without one, calls to another `baseUrl` (a proxy that adds the key)
   * are sent with no Authorization header.
   */
  apiKey?: string;
  /**
   * Default `https://api.keyapi.ai`. One with credentials (`https://user:password@host`) is
   * refused at creation: pass `apiKey`, or the header in `headers`.
   */
  baseUrl?: string;
  /** Retries after the first attempt (default 2; 0 disables). */
  maxRetries?: number;
  /** Per attempt, covering headers and body (default 30000). */
  timeoutMs?: number;
  /** Default `deadlineMs` of every call (default: none; see {@link CallOptions.deadlineMs}). */
  deadlineMs?: number;
  /** Backoff and the retry hook. */
  retry?: {
    /** First backoff ceiling (default 500); doubles each retry. */
    baseDelayMs?: number;
    /** Backoff cap (default 8000). */
    maxDelayMs?: number;
    /**
     * 429s (the key's QPS limit) a call retries, after the server's `Retry-After` or a backoff,
     * before it throws `RateLimitError` (default 30). They spend neither `maxRetries` nor the
     * retry budget: throttling is the limiter's signal to slow down, not an outage.
     */
    maxRateLimitRetries?: number;
    /** Veto or allow a retry the policy would make; return undefined to keep the policy's answer. */
    shouldRetry?: (ctx: RetryContext) => boolean | undefined;
  };
  /** Also retry non-idempotent methods (POST, PATCH...). Default false. */
  retryUnsafeMethods?: boolean;
  /** A fetch to use instead of `globalThis.fetch`, which is otherwise looked up on every call. */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Default `console`. Never receives the API key. */
  logger?: Logger;
  /** Default `warn` (retries are logged); `debug` logs every attempt. */
  logLevel?: LogLevel;
  /** Allow the key over plain http to a non-loopback host (default false). */
  allowInsecureHttp?: boolean;
  /**
   * In a browser (a page or a worker) the client refuses to be created with a key, or for
   * KeyAPI's own host, because a key in a page is visible to everyone who opens it. The safe
   * shape needs no flag: `baseUrl` at your own backend, no key in the page (no Authorization
   * header is sent; the backend adds the key). `true` allows the rest, at your risk.
   */
  dangerouslyAllowBrowser?: boolean;
  /** Refuse, before sending, any request that would take charged credits past this. */
  maxCredits?: number;
  /**
   * The client's rate limiter, shared by every call and attempt. Default `{}`: no cap, and after
   * the first 429 an adaptive rate that finds the key's limit (CUBIC, as the AWS SDKs' adaptive
   * retry mode). `{ requestsPerSecond }` is a hard cap (adaptive below it); `maxConcurrent`
   * bounds requests in flight; a {@link RateLimiter} (such as a Redis one) is used as it is;
   * `false` turns all limiting off.
   */
  rateLimit?: RateLimitOptions | RateLimiter | false;
  /**
   * Check every response against its schema with validators generated at codegen time; a
   * mismatch throws `InvalidResponseError` naming the JSON pointer. Off by default.
   */
  validateResponses?: boolean;
  /** Per-client retry budget (on by default; `false` disables it). */
  retryBudget?: RetryBudgetOptions | false;
}
