import { onAbort } from "./on-abort.js";
import { redactMessage } from "./auth.js";
import { ConnectionError, InvalidResponseError, TimeoutError, type KeyApiError } from "./errors.js";

/** What one attempt sends, and how it reads the answer. */
export interface AttemptRequest {
  fetch: typeof fetch;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  /** The caller's signal (the call's deadline included). */
  signal: AbortSignal | null | undefined;
  /** Keep the body's bytes: see `CallContext.bytes` (try-once.ts). */
  bytes: boolean;
}

export interface AttemptResult {
  response: Response;
  /**
   * The whole body as bytes, when asked for, read once here: retries and envelope checks need it
   * before the caller.
   */
  body: ArrayBuffer | undefined;
  /** The body decoded as UTF-8, for the envelope. */
  text: string;
}

const utf8 = new TextDecoder();

/**
 * What `attempt` rejects with when the caller's signal aborts (a walk that ended, an abort, the
 * deadline): the caller's reason, and what the credit meter needs to know of the attempt.
 */
export class CallerAbort {
  constructor(
    readonly reason: unknown,
    /** The request was handed to fetch: the vendor may have served it. */
    readonly sent: boolean,
    /** The status of headers that arrived before the abort. */
    readonly status: number | undefined,
  ) {}
}

/**
 * The runtime's error as an error's `cause`, with what it says redacted like a message: a custom
 * fetch may quote the Authorization header or a URL with credentials, and `util.inspect` prints
 * causes. Name and code are kept, and three nested causes (undici puts the socket error, the
 * certificate's or a proxy's refusal there, as deep as the third).
 */
function cleanCause(cause: unknown, key: string | undefined, depth = 0): Error {
  const c = cause as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const clean = new Error(redactMessage(String(c?.message ?? cause), key));
  clean.name = typeof c?.name === "string" ? redactMessage(c.name, key) : "Error";
  if (c?.code !== undefined)
    Object.assign(clean, {
      code: typeof c.code === "string" ? redactMessage(c.code, key) : c.code,
    });
  if (c?.cause !== undefined && depth < 3) clean.cause = cleanCause(c.cause, key, depth + 1);
  return clean;
}

/**
 * A failed fetch's message with the runtime's reason from below it: "fetch failed" alone
 * does not say whether a name did not resolve, a certificate was refused or a proxy said 407.
 */
function failure(clean: Error): string {
  type Cause = { message?: string; code?: unknown; cause?: Cause };
  let why: unknown;
  // The deepest says most: undici's proxy refusal sits under "Request was cancelled.".
  // A code that is no string was kept as it came (unredacted): only a message or a string code.
  for (let c = clean.cause as Cause | undefined; c; c = c.cause)
    why = c.message || (typeof c.code === "string" && c.code) || why;
  return why ? `${clean.message} (${String(why)})` : clean.message;
}

/**
 * Whether a read failed because the runtime cannot hold the body (a string or buffer past its
 * limit, 512 MB of text on Node 20): the same answer would fail again, so it is not retried.
 */
export const tooLarge = (cause: { name?: unknown; code?: unknown } | undefined): boolean =>
  cause?.name === "RangeError" || cause?.code === "ERR_STRING_TOO_LONG";

/**
 * One fetch with its own timeout covering headers and body. A caller's abort rejects with a
 * {@link CallerAbort} (never a TimeoutError); every other failure rejects with a KeyApiError
 * (timeout, connection, truncated body), all of them worth a retry.
 */
export async function attempt(
  { fetch: fetchFn, url, init, timeoutMs, signal, bytes }: AttemptRequest,
  where: object,
  key: string | undefined,
): Promise<AttemptResult> {
  const controller = new AbortController();
  // Settles the attempt when it is aborted, whether or not the fetch heeds its signal: a caller's
  // fetch that drops `init.signal`, or a body that stalls, would otherwise hold the call forever.
  let giveUp!: (reason: unknown) => void;
  const given = new Promise<never>((_, reject) => (giveUp = reject));
  const abort = () => {
    controller.abort();
    giveUp(controller.signal.reason);
  };
  const timer = setTimeout(abort, timeoutMs);
  const stop = onAbort(signal, abort);
  let response: Response | undefined;
  let sent = false;
  const read = async () => {
    const answer = (await fetchFn(url, { ...init, signal: controller.signal })) as unknown;
    // `Response.error()` (what a mock's network error returns) is no response: status 0; nor is
    // what a caller's fetch returns that does not even look like one (a Response of another
    // realm or library, node-fetch's say, does).
    if (typeof (answer as Response | undefined)?.arrayBuffer !== "function")
      throw new TypeError("fetch returned no Response");
    if ((answer as Response).type === "error") throw new TypeError("network error");
    response = answer as Response;
    // The runtime's own Response decodes `text()` as `utf8` does (a BOM dropped, a bad sequence
    // replaced); another library's may not (node-fetch keeps the BOM), or lack `text()`.
    if (!bytes && response instanceof Response)
      return { response, body: undefined, text: await response.text() };
    const body = await response.arrayBuffer();
    return { response, body: bytes ? body : undefined, text: utf8.decode(body) };
  };
  try {
    signal?.throwIfAborted();
    sent = true;
    return await Promise.race([read(), given]);
  } catch (cause) {
    if (signal?.aborted) throw new CallerAbort(signal.reason, sent, response?.status);
    // The status tells the credit meter that a 2xx's headers arrived: the vendor charged it.
    const fields = { ...where, cause: cleanCause(cause, key), status: response?.status };
    // The runtime's message may quote the URL, credentials and all.
    const quote = (text: unknown) => redactMessage(String(text), key);
    throw (
      controller.signal.aborted
        ? new TimeoutError(`no complete response within ${timeoutMs} ms (timeoutMs)`, fields)
        : response
          ? new InvalidResponseError(
              `${tooLarge(cause as Error) ? "response too large to read" : "response body was cut off"}: ${quote(cause)}`,
              fields,
            )
          : new ConnectionError(`connection failed: ${failure(fields.cause)}`, fields)
    ) as KeyApiError;
  } finally {
    clearTimeout(timer);
    stop();
  }
}
