import { operationKey } from "@keyapi-tiktok/types";
import { attempt, CallerAbort, tooLarge } from "./attempt.js";
import { redact, redactMessage } from "./auth.js";
import { parseExact } from "./big-integers.js";
import { classify, type Outcome } from "./classify.js";
import type { CreditMeter } from "./credits.js";
import { InvalidResponseError, KeyApiError, TimeoutError } from "./errors.js";
import type { Pace } from "./pace.js";
import type { Settings } from "./settings.js";
import type { RateLimiter } from "./throttle.js";
import { validateResponse } from "./validate-response.js";

const utf8 = new TextEncoder();

/** What one call of the request path shares with each of its attempts. */
export interface CallContext {
  settings: Settings;
  apiKey: string | undefined;
  /** Shared by every call of the client. */
  meter: CreditMeter;
  throttle: RateLimiter | undefined;
  /** Credits one successful attempt of this call costs. */
  cost: number;
  method: string;
  /** The operation's path as the spec writes it (templates unfilled), for errors and logs. */
  path: string;
  /** Measures answered attempts, for the walks' window (Little's law). */
  pace?: Pace | undefined;
  /**
   * Keep the body's bytes as they came: openapi-fetch's road and `GET`'s result hand a Response
   * on, which a caller may read as a blob or an arrayBuffer. `get` reads only the JSON: the
   * runtime's Response is read as text, sparing an ArrayBuffer (3 µs of a 65 µs call on
   * `pnpm bench`'s stub).
   */
  bytes: boolean;
}

/** What the deadline's message says the call was doing. */
export interface Progress {
  now: string;
  attempts: number;
}

/** One attempt as the retry loop sees it: what it came to, and the bytes it read. */
export interface Tried {
  out: Outcome;
  body: ArrayBuffer | undefined;
}

/**
 * One attempt, its credit and its rate-limit turn settled whatever happens: the turn, the
 * request, the body read once, the key's echoes redacted, big integers kept exact, the envelope
 * classified and (with `validateResponses`) validated. A failure of the attempt is its outcome;
 * only what ends the call as it came is thrown (the caller's abort, the deadline, a bug).
 */
export async function tryOnce(
  ctx: CallContext,
  request: { url: string; init: RequestInit },
  number: number,
  signal: AbortSignal | undefined,
  progress: Progress,
): Promise<Tried> {
  const { settings: s, meter, cost, method, path, apiKey: key } = ctx;
  const where = { method, path, attempts: number };
  meter.reserve(cost, where, number > 1);
  // Charged: the vendor answered 2xx (headers arrived), unless its envelope says an error.
  // Even a body that fails our checks was charged. Errors, 429s and network failures are free.
  let charged = false;
  let out: Outcome;
  let body: ArrayBuffer | undefined;
  let release: ((status?: number) => void) | undefined;
  // The status of a response whose body arrived: from here on, a failure is ours, not theirs.
  let seen: number | undefined;
  progress.attempts = number - 1;
  progress.now = "waiting for a rate-limit turn";
  try {
    release = await ctx.throttle?.acquire(signal);
    progress.attempts = number;
    progress.now = `during attempt ${number}`;
    const sentAt = Date.now();
    const result = await attempt(
      {
        fetch: s.fetch ?? globalThis.fetch, // looked up per call, never captured
        url: request.url,
        init: request.init,
        timeoutMs: s.timeoutMs,
        signal,
        bytes: ctx.bytes,
      },
      where,
      key,
    );
    seen = result.response.status;
    if (seen !== 429) ctx.pace?.observe(Date.now() - sentAt);
    ({ body } = result);
    // A key the server echoes back (in an error message, a requestId) never reaches the
    // caller: not in an error, a log line, nor the body openapi-fetch parses. An id sent as a
    // bare number past 2^53 would be rounded by every JSON.parse after here.
    const parsed = parseExact(redact(result.text, key));
    if (body && parsed.text !== result.text) body = utf8.encode(parsed.text).buffer as ArrayBuffer;
    out = classify(result.response, parsed, where, key);
    charged = result.response.ok && out.status === result.response.status;
    const problem =
      s.validateResponses &&
      !(out.error instanceof InvalidResponseError) &&
      (await validateResponse(`${operationKey(method, path)} ${out.status}`, out.json));
    if (problem)
      out = { error: new InvalidResponseError(problem, { ...where, status: out.status }) };
  } catch (caught) {
    let error = caught;
    // Reading a body that arrived failed on our side (a parser out of stack): the vendor
    // served it, so it is charged like any answer, and the caller gets a typed error.
    if (seen !== undefined && !(error instanceof KeyApiError) && !signal?.aborted)
      error = new InvalidResponseError(
        `response could not be read: ${redactMessage(String(caught), key)}`,
        { ...where, status: seen },
      );
    // Anything but the attempt's own failures (the caller's abort, the deadline) ends the call
    // as it came.
    if (!(error instanceof KeyApiError) || signal?.aborted) {
      release?.();
      // An attempt the caller gave up on may have been served: charged once it was handed to
      // fetch, unless headers with a non-2xx status came first. Over-counting is the safe side.
      const { sent, status = 200 } = error instanceof CallerAbort ? error : { sent: false };
      // Never handed to fetch (aborted while waiting for its turn): not a request at all.
      if (!sent && seen === undefined) meter.unsent(cost, number > 1);
      else meter.settle(cost, sent && status >= 200 && status < 300);
      throw error instanceof CallerAbort ? error.reason : error;
    }
    // Failed before its body was read (no answer, or one cut off): retried, unless the answer
    // came (a status) with a body too large to hold.
    const huge = error.status !== undefined && tooLarge(error.cause as Error);
    out = { error, retryable: seen === undefined && !huge };
    // Counted conservatively: a 2xx whose headers arrived was charged, even if its body was
    // then cut off or too slow; so was a request that timed out before any headers (it was
    // sent, and the vendor cannot tell our timeout from the caller's abort).
    charged =
      (error.status! >= 200 && error.status! < 300) ||
      (error instanceof TimeoutError && error.status === undefined);
  }
  meter.settle(cost, charged);
  release?.(out.status);
  return { out, body };
}
