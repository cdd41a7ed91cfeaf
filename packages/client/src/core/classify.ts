import { redact, redactMessage } from "./auth.js";
import type { ParsedBody } from "./big-integers.js";
import { isRetryableStatus, serverWaitMs } from "./retry-policy.js";
import { errorClassFor, InvalidResponseError, RateLimitError, type KeyApiError } from "./errors.js";

/** KeyAPI's envelope: `code` 0 is success, anything else an error, even under HTTP 200. */
export interface Envelope {
  code?: unknown;
  message?: unknown;
  data?: unknown;
  requestId?: unknown;
}

/** What one complete response means: success, or a typed error and whether to retry it. */
export interface Outcome {
  status?: number | undefined;
  error?: KeyApiError | undefined;
  retryable?: boolean;
  /** The server's requested wait (Retry-After), when it gave one. */
  waitMs?: number | undefined;
  response?: Response;
  requestId?: string | undefined;
  /** The body parsed once here. */
  json?: unknown;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/**
 * Maps a response to an outcome. An envelope error under HTTP 200 is mapped by its `code` as if
 * it were the status (a code that is not an HTTP error status counts as the server's, 500).
 */
export function classify(
  response: Response,
  { text, json, syntaxError }: ParsedBody,
  where: object,
  key: string | undefined,
): Outcome {
  // Read with `?.`: any JSON value works, a non-object simply has none of these fields.
  const envelope = json as Envelope | null | undefined;
  const id = str(envelope?.requestId) ?? response.headers.get("x-request-id");
  const requestId = id ? redact(id, key) : undefined;
  const code = typeof envelope?.code === "number" ? envelope.code : undefined;
  const inEnvelope = response.ok && !!code;
  // A status outside HTTP's 200–599 (a proxy's 999) counts as the server's error, 500, as an
  // envelope code that is not an HTTP error status does: a Response cannot carry it on.
  const http = response.status >= 200 && response.status < 600 ? response.status : 500;
  const status = inEnvelope ? (code! >= 400 && code! < 600 ? code! : 500) : http;
  const out: Outcome = { status, response, requestId, json };
  // A success, the common case, builds nothing more (`in` is only reached on an object).
  if (response.ok && code === 0 && "data" in envelope!) return out;
  const fields = { ...where, status, code, requestId };
  if (!response.ok || inEnvelope) {
    const waitMs = serverWaitMs(response.headers);
    const said = str(envelope?.message) ?? (text.slice(0, 200) || response.statusText);
    const Class = errorClassFor(status);
    const shown = http === response.status ? status : `${response.status}, counted as 500`;
    const inside = inEnvelope ? " in a 200 envelope" : "";
    out.error = new Class(
      redactMessage(`${said} (HTTP ${shown}${inside})`, key),
      Class === RateLimitError ? { ...fields, retryAfterMs: waitMs } : fields,
    );
    out.retryable = isRetryableStatus(status);
    out.waitMs = waitMs;
  } else if (syntaxError) {
    out.error = new InvalidResponseError(
      text ? `response is not valid JSON: ${syntaxError}` : "empty response body",
      { ...fields, cause: syntaxError },
    );
  } else {
    // A success that breaks the vendor's own envelope would end a walk quietly as "no data".
    out.error = new InvalidResponseError(
      `response is not the API's envelope: ${code === undefined ? "no numeric `code`" : "no `data`"}`,
      fields,
    );
  }
  return out;
}
