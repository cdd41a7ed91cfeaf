import { CreditBudgetExceededError } from "./errors.js";

/** What a client has spent, as `client.credits` reports it. */
export interface CreditUsage {
  /** Attempts sent, retries included. */
  requests: number;
  /** Attempts that were retries. */
  retries: number;
  /**
   * Credits charged × the operation's `x-keyapi-credits`, counted conservatively. Charged: an
   * attempt whose 2xx headers arrived, unless its complete body is an envelope with a non-zero
   * `code` (a body cut off, too slow, malformed or failing validation is charged); and an attempt
   * the caller cancelled (abort, deadline, a walk that ended) once it was handed to fetch, unless
   * headers with a non-2xx status had arrived. Free: an attempt never sent (aborted while waiting
   * for a rate-limit turn). Failed attempts (4xx, 429, 5xx, network, a timeout before any
   * headers) are assumed free; `requests` bounds the worst case.
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
  /** Ends a reservation whose attempt was never sent (aborted while waiting for its turn). */
  unsent(cost: number, retry: boolean): void;
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
          reason: "max-credits",
          maxCredits: max,
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
    unsent(cost, retry) {
      reserved -= cost;
      requests--;
      if (retry) retries--;
    },
    snapshot: () => ({
      requests,
      retries,
      charged,
      remaining: max === undefined ? undefined : max - charged - reserved,
    }),
  };
}
