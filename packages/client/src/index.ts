/**
 * `@keyapi-tiktok/client`: a production client for the KeyAPI TikTok API on openapi-fetch.
 *
 * @packageDocumentation
 */
export { createKeyApiClient, type KeyApiClient } from "./client.js";
export type { CallOptions, KeyApiClientOptions, RetryContext } from "./options.js";
export type { DataOf, EnvelopeOf, GetOptions, GetPath } from "./types.js";
export type { Logger, LogLevel } from "./logger.js";
export type {
  ItemOf,
  ListAt,
  Page,
  PageParams,
  PaginatedPath,
  PaginateOptions,
  Paginator,
  QueryOf,
  WalkOf,
  WalkStats,
} from "./paginate.js";
export type {
  EachPaginator,
  EntityItem,
  EntityOf,
  EntityPage,
  PaginateEachOptions,
} from "./paginate-each.js";
export type { CreditUsage } from "./core/credits.js";
export type { RateLimiter, RateLimitOptions } from "./core/throttle.js";
export type { RetryBudgetOptions } from "./core/retry-budget.js";
export {
  KeyApiError,
  BadRequestError,
  AuthenticationError,
  InsufficientCreditsError,
  PermissionDeniedError,
  RateLimitError,
  InternalServerError,
  ConnectionError,
  TimeoutError,
  InvalidResponseError,
  InvalidParamsError,
  CreditBudgetExceededError,
  InsecureTransportError,
  errorClassFor,
  type KeyApiErrorFields,
  type KeyApiErrorReason,
  type KeyApiErrorInit,
  type ParamIssue,
} from "./errors.js";
export { baseUrlProblem } from "./core/base-url.js";
export { VERSION } from "./version.js";
