import { CreditBudgetExceededError } from "./errors.js";

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

export interface CreditMeter {
  /** Reserves `cost` for one attempt or throws, so concurrent calls cannot overshoot. */
  reserve(cost: number, where: object, retry: boolean): void;
  /** Ends a reservation: charged or not. */
  settle(cost: number, charged: boolean): void;
  snapshot(): CreditUsage;
}

/** Counts spending and enforces `maxCredits` before a request leaves. */
export function createCreditMeter(max: number | undefined): CreditMeter {
  let requests = 0;
  let retries = 0;
  let charged = 0;
  let reserved = 0;
  return {
    reserve(cost, where, retry) {
      if (max !== undefined && charged + reserved + cost > max) {
        throw new CreditBudgetExceededError(`maxCredits ${max} reached: request not sent`, {
          ...where,
          attempts: 0,
        });
      }
      reserved += cost;
      requests++;
      if (retry) retries++;
    },
    settle(cost, success) {
      reserved -= cost;
      if (success) charged += cost;
    },
    snapshot: () => ({
      requests,
      retries,
      charged,
      remaining: max === undefined ? undefined : max - charged - reserved,
    }),
  };
}
