import {
  AuthenticationError,
  CreditBudgetExceededError,
  InsufficientCreditsError,
  InvalidParamsError,
  KeyApiError,
  PermissionDeniedError,
  RateLimitError,
} from "@keyapi-tiktok/client";

/** The CLI's exit codes; scripts branch on them. */
export const EXIT = {
  ok: 0,
  usage: 2,
  auth: 3,
  rateLimited: 4,
  server: 5,
  interrupted: 130,
} as const;

/** Thrown for bad command-line input that commander's own checks do not cover. */
export class UsageError extends Error {}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof InvalidParamsError) return EXIT.usage;
  if (
    error instanceof AuthenticationError ||
    error instanceof InsufficientCreditsError ||
    error instanceof PermissionDeniedError ||
    error instanceof CreditBudgetExceededError
  ) {
    return EXIT.auth;
  }
  if (error instanceof RateLimitError) return EXIT.rateLimited;
  return EXIT.server;
}

/** One human line; KeyApiError messages never hold the key (the client redacts them). */
export function describe(error: unknown): string {
  if (error instanceof KeyApiError) {
    const id = error.requestId ? ` [requestId ${error.requestId}]` : "";
    return `${error.name}: ${error.message}${id}`;
  }
  return error instanceof Error ? error.message : String(error);
}
