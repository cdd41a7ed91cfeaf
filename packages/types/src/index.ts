/**
 * Types and the runtime operation table of the KeyAPI TikTok API, generated from the
 * vendored OpenAPI spec plus our overlays. See `src/generated/` (never edited by hand).
 *
 * @packageDocumentation
 */
export * from "./generated/index.js";
export {
  bodyParam,
  coerceParam,
  validateParams,
  type ParamIssue,
  type Params,
} from "./check-params.js";
export { getAt, operationKey } from "./spec-paths.js";
