/** `retryBudget` option; defaults follow gRPC's retry throttling. */
export interface RetryBudgetOptions {
  /** Bucket size (default 10). Retries are allowed while more than half of it remains. */
  maxTokens?: number;
  /** Tokens a success gives back (default 0.1); each retryable failure takes 1. */
  tokenRatio?: number;
}

/**
 * A per-client retry budget (gRPC retry throttling; the AWS SDKs' retry quota is the same idea):
 * under a sustained outage retries stop after a few failures, so a busy client adds about
 * `maxTokens / 2` requests to the load instead of tripling it; successes earn retries back.
 */
export class RetryBudget {
  #tokens: number;
  constructor(private readonly options: RetryBudgetOptions = {}) {
    this.#tokens = options.maxTokens ?? 10;
  }

  record(success: boolean, retryable: boolean): void {
    const max = this.options.maxTokens ?? 10;
    if (success) this.#tokens = Math.min(max, this.#tokens + (this.options.tokenRatio ?? 0.1));
    else if (retryable) this.#tokens = Math.max(0, this.#tokens - 1);
  }

  canRetry(): boolean {
    return this.#tokens > (this.options.maxTokens ?? 10) / 2;
  }
}
