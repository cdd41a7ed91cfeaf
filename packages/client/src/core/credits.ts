import { CreditBudgetExceededError } from "../errors.js";

/** What a client has spent, as `client.credits` reports it. */
export interface CreditUsage {
  /** Attempts sent, retries included. */
  requests: number;
  /** Attempts that were retries. */
  retries: number;
  /**
   * Credits charged: responses the vendor served (2xx, envelope code 0; even when we then reject
   * the body) × the operation's `x-keyapi-credits`. Failed attempts (4xx, 429, 5xx, network) are
   * assumed free; `requests` bounds the worst case.
   */
  charged: number;
  /** `maxCredits` minus charged and in-flight credits; undefined without a budget. */
  remaining: number | undefined;
}

/** Counts spending and enforces `maxCredits` before a request leaves. */
export class CreditMeter {
  requests = 0;
  retries = 0;
  charged = 0;
  #reserved = 0;
  constructor(private readonly max: number | undefined) {}

  /** Reserves `cost` for one attempt or throws, so concurrent calls cannot overshoot. */
  reserve(cost: number, where: { method: string; path: string }, retry: boolean): void {
    if (this.max !== undefined && this.charged + this.#reserved + cost > this.max) {
      throw new CreditBudgetExceededError(
        `maxCredits ${this.max} reached (${this.charged} charged, ${this.#reserved} in flight): request not sent`,
        { ...where, attempts: 0 },
      );
    }
    this.#reserved += cost;
    this.requests++;
    if (retry) this.retries++;
  }

  settle(cost: number, success: boolean): void {
    this.#reserved -= cost;
    if (success) this.charged += cost;
  }

  snapshot(): CreditUsage {
    const { requests, retries, charged, max } = this;
    return {
      requests,
      retries,
      charged,
      remaining: max === undefined ? undefined : max - charged - this.#reserved,
    };
  }
}
