/** KeyAPI's envelope: `code` 0 is success, anything else an error, even under HTTP 200. */
export interface Envelope {
  code?: unknown;
  message?: unknown;
  data?: unknown;
  requestId?: unknown;
}

export type ParsedBody =
  { ok: true; json: unknown; text: string } | { ok: false; text: string; error: unknown };

export function parseBody(text: string): ParsedBody {
  try {
    return { ok: true, json: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, text, error };
  }
}

export function asEnvelope(json: unknown): Envelope | undefined {
  return json && typeof json === "object" && !Array.isArray(json) ? (json as Envelope) : undefined;
}

/**
 * The HTTP status an envelope error stands for: its `code` when that is an HTTP error status,
 * else 500 (an error the vendor did not document is treated as the server's).
 */
export function envelopeStatus(code: number): number {
  return code >= 400 && code <= 599 ? code : 500;
}
