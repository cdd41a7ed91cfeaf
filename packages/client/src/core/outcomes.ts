import type { Outcome } from "./classify.js";

/**
 * What the layer tells `get` of a call that took openapi-fetch's road (a middleware is
 * registered), filled as the call ends: its final outcome (the typed error, the parsed envelope)
 * and the Response it handed to openapi-fetch. The outcome stands even when a middleware clones
 * or replaces that Response (its error is still the layer's); its parsed envelope stands only
 * for the Response the layer delivered.
 */
export interface CallRecord {
  outcome?: Outcome;
  delivered?: Response;
}
