import { getAt } from "@keyapi-tiktok/types";
const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once past this, so longer means "now"

// What each kind of number allows, and how the message says it.
const KINDS = {
  ms: [(n: number) => n > 0 && n <= MAX_TIMER_MS, `> 0 and ≤ ${MAX_TIMER_MS} ms`],
  wait: [(n: number) => n >= 0 && n <= MAX_TIMER_MS, `≥ 0 and ≤ ${MAX_TIMER_MS} ms`],
  count: [(n: number) => Number.isInteger(n) && n >= 0, "a whole number ≥ 0"],
  atLeast1: [(n: number) => Number.isInteger(n) && n >= 1, "a whole number ≥ 1"],
  positive: [(n: number) => n > 0 && n < Infinity, "a finite number > 0"],
  fraction: [(n: number) => n >= 0 && n < Infinity, "a finite number ≥ 0"],
} as const;

/** Every numeric option, by its path in the options object. */
export const NUMERIC_OPTIONS: [string, keyof typeof KINDS][] = [
  ["timeoutMs", "ms"],
  ["deadlineMs", "ms"],
  ["maxRetries", "count"],
  ["maxCredits", "count"],
  ["retry.baseDelayMs", "wait"],
  ["retry.maxDelayMs", "wait"],
  ["retry.maxRateLimitRetries", "count"],
  ["rateLimit.requestsPerSecond", "positive"],
  ["rateLimit.maxConcurrent", "atLeast1"],
  ["retryBudget.maxTokens", "positive"],
  ["retryBudget.tokenRatio", "fraction"],
];

/**
 * The first numeric option that would misbehave (`Infinity` as a timeout fires at once, `NaN`
 * retries never end): the option's path and a message naming it; undefined when all are fine.
 */
export function checkNumbers(
  options: object,
  rules = NUMERIC_OPTIONS,
): { param: string; message: string } | undefined {
  for (const [path, kind] of rules) {
    const value = getAt(options, path);
    const [ok, want] = KINDS[kind];
    if (value !== undefined && !(typeof value === "number" && ok(value)))
      return {
        param: path,
        message: `${path} must be ${want}, got ${shown(value)}`,
      };
  }
  return undefined;
}

/** A value for a message: a number or string as written, anything else by its kind (`10n`). */
export const shown = (value: unknown) =>
  typeof value === "number" || value === null
    ? value
    : typeof value === "string"
      ? JSON.stringify(value)
      : typeof value;

/**
 * Options that must be functions when given, and the logger's two methods the client calls once
 * a logger is given: a string or `{}` there failed on first use, after a request was sent.
 */
const FUNCTIONS: [path: string, onceItsObjectIsGiven: boolean][] = [
  ["fetch", false],
  ["retry.shouldRetry", false],
  ["logger.debug", true],
  ["logger.warn", true],
];

const BOOLEANS = [
  "allowInsecureHttp",
  "dangerouslyAllowBrowser",
  "retryUnsafeMethods",
  "validateResponses",
];

/** The first option of the wrong kind (not a number's range: {@link checkNumbers}), or undefined. */
export function checkKinds(options: {
  apiKey?: unknown;
  rateLimit?: unknown;
  logger?: unknown;
}): string | undefined {
  // `null` from plain JS is "not given", as the options are read.
  if (options.apiKey != null && typeof options.apiKey !== "string")
    return `apiKey must be a string, got ${shown(options.apiKey)}`;
  const { rateLimit } = options;
  if (rateLimit != null && rateLimit !== false) {
    if (typeof rateLimit !== "object" && typeof rateLimit !== "function")
      return `rateLimit must be an object of limits, a RateLimiter or false, got ${shown(rateLimit)}`;
    const { acquire } = rateLimit as { acquire?: unknown };
    if ("acquire" in rateLimit && typeof acquire !== "function")
      return `rateLimit.acquire must be a function, got ${shown(acquire)}`;
  }
  // A string there ("false" from a config file) was truthy: it allowed the key over plain http.
  for (const name of BOOLEANS) {
    const value = (options as Record<string, unknown>)[name];
    if (value != null && typeof value !== "boolean")
      return `${name} must be true or false, got ${shown(value)}`;
  }
  for (const [path, needed] of FUNCTIONS) {
    const value = getAt(options, path);
    const given = needed ? options.logger != null : value != null;
    if (given && typeof value !== "function")
      return `${path} must be a function, got ${shown(value)}`;
  }
  return undefined;
}

/**
 * A call's own `signal` and `fetch`, when given, of their kind (a `{}` signal threw mid-call);
 * `param` names the signal (a walk's `stop` is one too).
 */
export function checkCallKinds(
  signal: unknown,
  fetch: unknown,
  param = "signal",
): { param: string; message: string } | undefined {
  const s = signal as AbortSignal | null | undefined;
  if (
    s != null &&
    (typeof s.addEventListener !== "function" || typeof s.throwIfAborted !== "function")
  )
    return { param, message: `${param} must be an AbortSignal, got ${shown(signal)}` };
  if (fetch != null && typeof fetch !== "function")
    return { param: "fetch", message: `fetch must be a function, got ${shown(fetch)}` };
  return undefined;
}
