import type { Outcome } from "./classify.js";

/**
 * What the layer tells the caller of one call (`get`), filled as the call ends: its final
 * outcome (the typed error, the parsed envelope) and the Response it handed to openapi-fetch.
 * The outcome stands even when a middleware clones or replaces that Response (its error is
 * still the layer's); its parsed envelope stands only for the Response the layer delivered.
 */
export interface CallRecord {
  outcome?: Outcome;
  delivered?: Response;
  /**
   * Set by the caller when no middleware can see the Response: the layer then hands
   * openapi-fetch one with the status alone, and skips copying the body and the headers.
   */
  outcomeOnly?: boolean;
}
