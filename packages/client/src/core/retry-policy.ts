/** The server may ask for any wait; past this we surface the error instead of hanging a caller. */
export const MAX_SERVER_WAIT_MS = 60_000;

/** 408, 429 and 5xx are worth another attempt; 400/401/402/403 never are (same answer, another credit). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Only methods the HTTP spec calls idempotent and safe are retried unless the caller opts in. */
export function isSafeMethod(method: string): boolean {
  return /^(GET|HEAD|OPTIONS)$/.test(method);
}

/** A plain non-negative decimal, else NaN (`Number()` would read "" as 0 and "1e400" as Infinity). */
const decimal = (v: string | null) => (v && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN);

// RFC 9110's three HTTP-date forms (IMF-fixdate, RFC 850, asctime), checked before Date.parse:
// V8 reads "1 2" or "5, 7" as dates in 2001, which would make a junk header a retry after 0 ms.
const HTTP_DATE =
  /^[A-Z][a-z]{2}(, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT| [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})$|^[A-Z][a-z]{5,8}, \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d GMT$/;

/** An HTTP-date in ms since the epoch, else NaN. asctime has no zone: it is GMT too. */
const httpDate = (v: string) =>
  HTTP_DATE.test(v) ? Date.parse(v.endsWith("GMT") ? v : `${v} GMT`) : NaN;

/**
 * The server's requested wait: `retry-after-ms` (a non-standard header some gateways send, more
 * precise) wins over `Retry-After` in seconds or as an HTTP date. Undefined when absent or junk
 * (then the normal backoff applies); a date in the past is 0.
 */
export function serverWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const after = headers.get("retry-after") ?? "";
  const ms = decimal(headers.get("retry-after-ms"));
  const seconds = decimal(after);
  const wait = ms >= 0 ? ms : seconds >= 0 ? seconds * 1000 : httpDate(after) - now;
  return wait >= 0 ? wait : wait < 0 ? 0 : undefined;
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): a uniform wait in
 * [0, min(max, base·2^(retry-1))]. KeyAPI's limit is a QPS cap shared by every process using a
 * key, so de-synchronising clients matters more than a minimum wait.
 */
export function backoffMs(
  retry: number,
  baseDelayMs = 500,
  maxDelayMs = 8_000,
  random = Math.random,
): number {
  return Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)));
}

/** Everything the retry decision reads about one failed attempt. */
export interface RetryFacts {
  /** The failure is worth another attempt by itself (connection, timeout, 408, 429, 5xx). */
  retryable: boolean;
  /** The attempt that just failed, from 1, not counting those the key's limit turned away. */
  attempt: number;
  maxRetries: number;
  /** A 429: the key's QPS limit turned the attempt away; nothing was done or charged. */
  throttled: boolean;
  /** 429s this call has already retried. */
  throttledRetries: number;
  /** How many 429s a call retries before it gives up (`retry.maxRateLimitRetries`). */
  maxThrottledRetries: number;
  method: string;
  retryUnsafeMethods: boolean;
  /** The server's requested wait, when it gave one. */
  serverWaitMs: number | undefined;
  /** The caller's `shouldRetry` hook: asked only when the policy would retry. */
  shouldRetry: () => boolean | undefined;
  /** Whether the client's retry budget has a retry left: asked last. */
  budgetAllows: () => boolean;
}

/** `retry`, or why not: the reason also goes to the debug log and, for the budget, the error. */
export type RetryDecision =
  | "retry"
  | "not retryable"
  | "out of retries"
  | "rate limited too long"
  | "unsafe method"
  | "server wait too long"
  | "vetoed by shouldRetry"
  | "retry budget exhausted";

/**
 * Whether a failed attempt is tried again. The clauses run cheapest and most certain first; the
 * two callbacks (the caller's hook, the shared budget) only when every rule before them allows.
 * A 429 is the key's limit speaking, not an outage: it has its own bound and never spends
 * `maxRetries` or the retry budget, which guard against 5xx and network failures.
 */
export function decideRetry(f: RetryFacts): RetryDecision {
  if (!f.retryable) return "not retryable";
  if (f.throttled) {
    if (f.throttledRetries >= f.maxThrottledRetries) return "rate limited too long";
  } else if (f.attempt > f.maxRetries) return "out of retries";
  if (!f.retryUnsafeMethods && !isSafeMethod(f.method)) return "unsafe method";
  if ((f.serverWaitMs ?? 0) > MAX_SERVER_WAIT_MS) return "server wait too long";
  if (f.shouldRetry() === false) return "vetoed by shouldRetry";
  if (!f.throttled && !f.budgetAllows()) return "retry budget exhausted";
  return "retry";
}

/** 429s a call retries by default: about a minute of a key throttled for good at Retry-After 1–2 s. */
export const DEFAULT_RATE_LIMIT_RETRIES = 30;
