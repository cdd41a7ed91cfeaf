import {
  AuthenticationError,
  BadRequestError,
  InsecureTransportError,
  CreditBudgetExceededError,
  InsufficientCreditsError,
  InvalidParamsError,
  KeyApiError,
  PermissionDeniedError,
  RateLimitError,
} from "@keyapi-tiktok/client";
import { oneLine } from "./output/terminal-text.js";

/** The CLI's exit codes; scripts branch on them. */
export const EXIT = {
  ok: 0,
  /** `contract`: the live API differs from the spec in a way that breaks (any way, --strict). */
  drift: 1,
  usage: 2,
  auth: 3,
  rateLimited: 4,
  server: 5,
  output: 6,
  /** A pull of many entities finished, but some entities failed on their own (named aside). */
  partial: 7,
  /** 128 + the signal's number, as shells report it: SIGHUP 129, SIGINT 130, SIGTERM 143. */
  interrupted: 130,
} as const;

/** Thrown for bad command-line input that commander's own checks do not cover. */
export class UsageError extends Error {}

/** The output (`--out`, stdout) cannot be written: a folder, no permission, a full disk. */
export class OutputError extends Error {}

export function exitCodeFor(error: unknown): number {
  if (error instanceof OutputError) return EXIT.output;
  // A server 400 and the plain-http refusal are the command line's mistakes too.
  if (
    error instanceof UsageError ||
    error instanceof InvalidParamsError ||
    error instanceof BadRequestError ||
    error instanceof InsecureTransportError
  )
    return EXIT.usage;
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

// The library's words for what the CLI calls by its flags.
const FLAG_WORDS: [RegExp, string][] = [
  [/\bmaxCredits\b/g, "--max-credits"],
  [
    /pass `apiKey` or set the KEYAPI_API_KEY environment variable/,
    "set KEYAPI_API_KEY or pass --api-key-file FILE",
  ],
  [/use https or allowInsecureHttp: true/, "use an https --base-url"],
];

/**
 * One human line, in the CLI's words, safe for a terminal (a server's message is untrusted);
 * KeyApiError messages never hold the key (the client redacts them).
 */
export function describe(error: unknown): string {
  let line = error instanceof Error ? error.message : String(error);
  if (error instanceof KeyApiError) {
    const id = error.requestId ? ` [requestId ${error.requestId}]` : "";
    line = `${error.name}: ${line}${id}`;
  }
  for (const [words, flag] of FLAG_WORDS) line = line.replace(words, flag);
  return oneLine(line);
}
