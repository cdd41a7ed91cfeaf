import { constants } from "node:os";
import {
  AuthenticationError,
  BadRequestError,
  InsecureTransportError,
  CreditBudgetExceededError,
  InsufficientCreditsError,
  InvalidParamsError,
  KeyApiError,
  PermissionDeniedError,
  type KeyApiErrorReason,
  RateLimitError,
  TimeoutError,
} from "@keyapi-tiktok/client";
import { hideKeys, runKey } from "./output/key-shaped.js";
import { oneLine } from "./output/terminal-text.js";
import { isProxyAuthRefusal } from "@keyapi-tiktok/proxy-fetch";

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

/** The signals that stop a run as Ctrl-C does: `timeout`, `docker stop`, a closed terminal. */
export const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** A run stopped by a signal exits as the shell reports it: 128 + the signal's number. */
export const signalExit = (signal: NodeJS.Signals): number => 128 + constants.signals[signal];

/** Thrown for bad command-line input that commander's own checks do not cover. */
export class UsageError extends Error {}

/** The output (`--out`, stdout) cannot be written: a folder, no permission, a full disk. */
export class OutputError extends Error {}

/** A request too large for the server (its body, its URL, its headers): what was typed was. */
const TOO_LARGE = [413, 414, 431];

export function exitCodeFor(error: unknown): number {
  if (error instanceof OutputError) return EXIT.output;
  // A server 400, a request too large and the plain-http refusal are the command line's
  // mistakes too (a 100 kB `-q` value was "server or network").
  if (
    error instanceof UsageError ||
    error instanceof InvalidParamsError ||
    error instanceof BadRequestError ||
    error instanceof InsecureTransportError ||
    (error instanceof KeyApiError && TOO_LARGE.includes(error.status ?? 0))
  )
    return EXIT.usage;
  if (
    error instanceof AuthenticationError ||
    // A proxy that wants other credentials is the run's credentials too.
    isProxyAuthRefusal(error) ||
    error instanceof InsufficientCreditsError ||
    error instanceof PermissionDeniedError ||
    error instanceof CreditBudgetExceededError
  ) {
    return EXIT.auth;
  }
  if (error instanceof RateLimitError) return EXIT.rateLimited;
  return EXIT.server;
}

/**
 * The CLI's own words for the calls the client refused before sending (by the error's stable
 * `reason`, never by its message): its flags and environment, not the library's options.
 */
const CLI_WORDS: Record<KeyApiErrorReason, ((e: KeyApiError) => string) | undefined> = {
  "no-api-key": () => "No API key: set KEYAPI_API_KEY or pass --api-key-file FILE",
  "unsendable-api-key": undefined, // the library's words name the key file and variable already
  "insecure-transport": () =>
    "the API key is never sent over plain http to another machine: use an https --base-url",
  "max-credits": (e) =>
    `--max-credits ${(e as CreditBudgetExceededError).maxCredits} reached: request not sent`,
  "repeated-pages": undefined, // the library's words name the pages and the page parameter
};

/** A request's time limit when `--timeout` is not given, in seconds (the CLI passes it always). */
export const DEFAULT_TIMEOUT_S = 30;

/** What {@link describe} needs of the run's flags to say an error in their words. */
export interface WordsContext {
  /** `--timeout`, in seconds. */
  timeout?: number | undefined;
  /** `--api-key-file`: the run's key, left out of what is said. */
  apiKeyFile?: string | undefined;
}

/**
 * An error's own words, in the CLI's terms where the library's would name its options
 * (`timeoutMs`, `maxCredits`): chosen by the error's class and `reason`, never by its message.
 */
export function wordsOf(error: unknown, context: WordsContext = {}): string {
  if (error instanceof TimeoutError)
    return `no complete response within ${context.timeout ?? DEFAULT_TIMEOUT_S} s (--timeout)`;
  const words = error instanceof KeyApiError && error.reason && CLI_WORDS[error.reason];
  if (words) return words(error as KeyApiError);
  // A refusal quoting what was typed may hold the key (typed into the wrong flag), a server's
  // message another one: the run's own and anything shaped like a key are left out.
  return hideKeys(error instanceof Error ? error.message : String(error), runKey(context));
}

/**
 * One human line, in the CLI's words, safe for a terminal (a server's message is untrusted);
 * KeyApiError messages never hold the key (the client redacts them).
 */
export function describe(error: unknown, context: WordsContext = {}): string {
  let line = wordsOf(error, context);
  if (error instanceof KeyApiError) {
    const id = error.requestId ? ` [requestId ${hideKeys(error.requestId, runKey(context))}]` : "";
    line = `${error.name}: ${line}${id}`;
  }
  return oneLine(line);
}
