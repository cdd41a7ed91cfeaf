import type { ParamIssue } from "@keyapi-tiktok/types";

export type { ParamIssue };

/**
 * Why the client itself stopped: a call before anything was sent, or a page walk whose pages
 * repeated the page before them (`repeated-pages`, an `InvalidResponseError`). Stable values for
 * code to branch on (a CLI's own words, a metric), where the message is for people and may change.
 */
export type KeyApiErrorReason =
  "no-api-key" | "unsendable-api-key" | "insecure-transport" | "max-credits" | "repeated-pages";

/** What every KeyAPI error carries; `toJSON()` returns exactly this (never headers or the key). */
export interface KeyApiErrorFields {
  /** Set when the client stopped a call or a walk itself (see {@link KeyApiErrorReason}). */
  reason?: KeyApiErrorReason | undefined;
  /** HTTP status, or the envelope's `code` mapped to a status when the HTTP status was 200. */
  status?: number | undefined;
  /** The envelope's `code` when the server sent one. */
  code?: number | undefined;
  /** The server's request id (the envelope's `requestId`, else the `x-request-id` header): quote it to the vendor. */
  requestId?: string | undefined;
  /** The HTTP method of the call. */
  method?: string | undefined;
  /** The operation's path as the spec writes it (`/items/{id}`, not `/items/42`): one value per operation for logs and metrics. */
  path?: string | undefined;
  /** Attempts made, retries included (0 when the error stopped the call before sending). */
  attempts?: number | undefined;
}

/** What an error is constructed with: its fields, the underlying `cause`, and a subclass's own. */
export interface KeyApiErrorInit extends KeyApiErrorFields {
  /** The runtime's error behind this one (a network failure, a parser's SyntaxError). */
  cause?: unknown;
  /** RateLimitError only. */
  retryAfterMs?: number | undefined;
  /** CreditBudgetExceededError only: the budget reached. */
  maxCredits?: number | undefined;
}

/** Base class of every error the client throws. */
export class KeyApiError extends Error {
  /** Always `"KeyApiError"`, also in `toJSON()`. */
  override name = "KeyApiError";
  // `declare`: assigned in one Object.assign below, which keeps the bundle small.
  /** HTTP status, or the envelope code mapped to one (see {@link KeyApiErrorFields.status}). */
  declare readonly status: number | undefined;
  /** The envelope's `code`, when the server sent one. */
  declare readonly code: number | undefined;
  /** The server's request id, when it sent one. */
  declare readonly requestId: string | undefined;
  /** The HTTP method of the call. */
  declare readonly method: string | undefined;
  /** The operation's path as the spec writes it. */
  declare readonly path: string | undefined;
  /** Attempts made, retries included; 0 when nothing was sent. */
  declare readonly attempts: number | undefined;
  /** Why the client stopped a call or a walk itself; undefined otherwise. */
  declare readonly reason: KeyApiErrorReason | undefined;

  constructor(message: string, { cause, ...fields }: KeyApiErrorInit = {}) {
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, fields);
  }

  /**
   * The fields above by name, plus a subclass's own (`retryAfterMs`, `issues`): safe to log or
   * send. `cause` and `stack` are not enumerable, and no field ever holds headers or the key.
   */
  toJSON(): KeyApiErrorFields & { name: string; message: string } {
    return { ...this, message: this.message };
  }
}

/** HTTP 400 (or envelope code 400): the API refused the parameters. Never retried. */
export class BadRequestError extends KeyApiError {
  /** Always `"BadRequestError"`, also in `toJSON()`. */
  override name = "BadRequestError";
}
/** HTTP 401, or no key configured (nothing sent). Never retried. */
export class AuthenticationError extends KeyApiError {
  /** Always `"AuthenticationError"`, also in `toJSON()`. */
  override name = "AuthenticationError";
}
/** HTTP 402: the key has no credits left. Never retried. */
export class InsufficientCreditsError extends KeyApiError {
  /** Always `"InsufficientCreditsError"`, also in `toJSON()`. */
  override name = "InsufficientCreditsError";
}
/** HTTP 403: the key may not call this operation. Never retried. */
export class PermissionDeniedError extends KeyApiError {
  /** Always `"PermissionDeniedError"`, also in `toJSON()`. */
  override name = "PermissionDeniedError";
}
/** HTTP 5xx, or an envelope code that is not an HTTP error status. Retried. */
export class InternalServerError extends KeyApiError {
  /** Always `"InternalServerError"`, also in `toJSON()`. */
  override name = "InternalServerError";
}
/** The network failed (DNS, refused, reset); `cause` holds the runtime's error. */
export class ConnectionError extends KeyApiError {
  /** Always `"ConnectionError"`, also in `toJSON()`. */
  override name = "ConnectionError";
}
/** An attempt exceeded `timeoutMs` (after retries). Distinct from a caller's abort. */
export class TimeoutError extends KeyApiError {
  /** Always `"TimeoutError"`, also in `toJSON()`. */
  override name = "TimeoutError";
}
/** The body was not the JSON the API promises (malformed, truncated, or failed validation). */
export class InvalidResponseError extends KeyApiError {
  /** Always `"InvalidResponseError"`, also in `toJSON()`. */
  override name = "InvalidResponseError";
}
/** A request was refused before sending: it would exceed `maxCredits`. */
export class CreditBudgetExceededError extends KeyApiError {
  /** Always `"CreditBudgetExceededError"`, also in `toJSON()`. */
  override name = "CreditBudgetExceededError";
  /** The budget reached (`maxCredits`). */
  declare readonly maxCredits: number | undefined;
}
/** The key would travel over plain http to a non-loopback host. */
export class InsecureTransportError extends KeyApiError {
  /** Always `"InsecureTransportError"`, also in `toJSON()`. */
  override name = "InsecureTransportError";
}

/** HTTP 429 (or envelope code 429): the key's QPS limit. Retried after the server's wait or a backoff. */
export class RateLimitError extends KeyApiError {
  /** Always `"RateLimitError"`, also in `toJSON()`. */
  override name = "RateLimitError";
  /** How long the server asked to wait, when it said (Retry-After / retry-after-ms). */
  declare readonly retryAfterMs: number | undefined;
}

/** Parameters broke the spec (missing, wrong type, out of bounds): nothing was sent, no credit spent. */
export class InvalidParamsError extends KeyApiError {
  /** Always `"InvalidParamsError"`, also in `toJSON()`. */
  override name = "InvalidParamsError";
  /** Every offending parameter, with what is wrong with it. */
  declare readonly issues: readonly ParamIssue[];
  constructor(issues: ParamIssue[], init: KeyApiErrorInit = {}) {
    super(issues.map((i) => `${i.param}: ${i.message}`).join("; "), { ...init, attempts: 0 });
    Object.assign(this, { issues });
  }
  /** The first offending parameter's name. */
  get param(): string | undefined {
    return this.issues[0]?.param;
  }
}

const BY_STATUS: Record<number, typeof KeyApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: InsufficientCreditsError,
  403: PermissionDeniedError,
  429: RateLimitError,
};

/** The error class for an HTTP status (or an envelope code used as one). */
export function errorClassFor(status: number): typeof KeyApiError {
  return BY_STATUS[status] ?? (status >= 500 ? InternalServerError : KeyApiError);
}
