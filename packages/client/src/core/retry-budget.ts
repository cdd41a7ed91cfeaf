/** `retryBudget` option; defaults follow gRPC's retry throttling. */
export interface RetryBudgetOptions {
  /** Bucket size (default 10). Retries are allowed while more than half of it remains. */
  maxTokens?: number;
  /** Tokens a success gives back (default 0.1); each retryable failure takes 1. */
  tokenRatio?: number;
}

export interface RetryBudget {
  record(success: boolean, retryable: boolean): void;
  canRetry(): boolean;
}

/**
 * A per-client retry budget (gRPC retry throttling; the AWS SDKs' retry quota is the same idea):
 * under a sustained outage retries stop after a few failures, so a busy client adds about
 * `maxTokens / 2` requests to the load instead of tripling it; successes earn retries back.
 */
export function createRetryBudget({
  maxTokens = 10,
  tokenRatio = 0.1,
}: RetryBudgetOptions = {}): RetryBudget {
  let tokens = maxTokens;
  return {
    record(success, retryable) {
      if (success) tokens = Math.min(maxTokens, tokens + tokenRatio);
      else if (retryable) tokens = Math.max(0, tokens - 1);
    },
    canRetry: () => tokens > maxTokens / 2,
  };
}
