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
        message: `${path} must be ${want}, got ${typeof value === "number" ? value : JSON.stringify(value)}`,
      };
  }
  return undefined;
}
