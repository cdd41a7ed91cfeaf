import type { ParamIssue } from "@keyapi-tiktok/types";

export type { ParamIssue };

/** What every KeyAPI error carries; `toJSON()` returns exactly this (never headers or the key). */
export interface KeyApiErrorFields {
  /** HTTP status, or the envelope's `code` mapped to a status when the HTTP status was 200. */
  status?: number | undefined;
  /** The envelope's `code` when the server sent one. */
  code?: number | undefined;
  requestId?: string | undefined;
  method?: string | undefined;
  /** The operation's path as the spec writes it (`/items/{id}`, not `/items/42`): one value per operation for logs and metrics. */
  path?: string | undefined;
  /** Attempts made, retries included (0 when the error stopped the call before sending). */
  attempts?: number | undefined;
}

interface ErrorInit extends KeyApiErrorFields {
  cause?: unknown;
  /** RateLimitError only. */
  retryAfterMs?: number | undefined;
}

/** Base class of every error the client throws. */
export class KeyApiError extends Error {
  override name = "KeyApiError";
  // `declare`: assigned in one Object.assign below, which keeps the bundle small.
  declare readonly status: number | undefined;
  declare readonly code: number | undefined;
  declare readonly requestId: string | undefined;
  declare readonly method: string | undefined;
  declare readonly path: string | undefined;
  declare readonly attempts: number | undefined;

  constructor(message: string, { cause, ...fields }: ErrorInit = {}) {
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

export class BadRequestError extends KeyApiError {
  override name = "BadRequestError";
}
export class AuthenticationError extends KeyApiError {
  override name = "AuthenticationError";
}
export class InsufficientCreditsError extends KeyApiError {
  override name = "InsufficientCreditsError";
}
export class PermissionDeniedError extends KeyApiError {
  override name = "PermissionDeniedError";
}
export class InternalServerError extends KeyApiError {
  override name = "InternalServerError";
}
/** The network failed (DNS, refused, reset); `cause` holds the runtime's error. */
export class ConnectionError extends KeyApiError {
  override name = "ConnectionError";
}
/** An attempt exceeded `timeoutMs` (after retries). Distinct from a caller's abort. */
export class TimeoutError extends KeyApiError {
  override name = "TimeoutError";
}
/** The body was not the JSON the API promises (malformed, truncated, or failed validation). */
export class InvalidResponseError extends KeyApiError {
  override name = "InvalidResponseError";
}
/** A request was refused before sending: it would exceed `maxCredits`. */
export class CreditBudgetExceededError extends KeyApiError {
  override name = "CreditBudgetExceededError";
}
/** The key would travel over plain http to a non-loopback host. */
export class InsecureTransportError extends KeyApiError {
  override name = "InsecureTransportError";
}

export class RateLimitError extends KeyApiError {
  override name = "RateLimitError";
  /** How long the server asked to wait, when it said (Retry-After / retry-after-ms). */
  declare readonly retryAfterMs: number | undefined;
}

/** Parameters broke the spec (missing, wrong type, out of bounds): nothing was sent, no credit spent. */
export class InvalidParamsError extends KeyApiError {
  override name = "InvalidParamsError";
  declare readonly issues: readonly ParamIssue[];
  constructor(issues: ParamIssue[], init: ErrorInit = {}) {
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
