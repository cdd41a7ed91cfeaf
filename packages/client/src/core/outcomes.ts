import type { Outcome } from "./classify.js";

// How `get` learns what the layer read: each Response the layer hands to openapi-fetch is
// registered with its outcome (the typed error, the parsed envelope). A Response a middleware
// made or replaced was never read by the layer, and has none.
const read = new WeakMap<Response, Outcome>();

/** Registers `outcome` for the Response the layer delivers, and returns that Response. */
export const deliver = (response: Response, outcome: Outcome): Response => (
  read.set(response, outcome),
  response
);

/** The layer's outcome for a Response it delivered; undefined for any other. */
export const outcomeOf = (response: Response): Outcome | undefined => read.get(response);
