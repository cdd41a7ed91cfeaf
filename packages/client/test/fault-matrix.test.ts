import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createKeyApiClient,
  InsufficientCreditsError,
  InternalServerError,
  InvalidResponseError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  type KeyApiError,
} from "../src/index.js";
import { everyTextOf, KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import {
  reply,
  startScriptedServer,
  type ScriptedServer,
  type Step,
} from "./support/scripted-server.js";

interface Case {
  /** The server's answers; a function when they depend on the time the case runs. */
  steps: Step[] | (() => Step[]);
  options?: Record<string, unknown>;
  attempts: number;
  error?: new (...args: never[]) => KeyApiError;
  check?: (error: KeyApiError | undefined, server: ScriptedServer) => void;
}

/** An HTTP-date 3 s ahead (whole seconds, as the format has them), noted for the check. */
let retryAt = 0;
const httpDate = () => {
  const date = new Date(Date.now() + 3000).toUTCString();
  retryAt = Date.parse(date);
  return date;
};

// [name, { given steps, want attempts and error class }]
const matrix: [string, Case][] = [
  [
    "429 with Retry-After: 1, then 200",
    {
      steps: [reply.error(429, "qps limit exceeded", { "retry-after": "1" }), reply.ok()],
      attempts: 2,
      // Honouring the header is behaviour, not speed: the second request must not come early.
      check: (_e, s) => expect(s.received[1]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(950),
    },
  ],
  [
    "429 with an HTTP-date Retry-After, then 200",
    {
      steps: () => [reply.error(429, "qps", { "retry-after": httpDate() }), reply.ok()],
      attempts: 2,
      // The retry waits for the date: it never arrives before it (2 to 3 s after the first).
      check: (_e, s) => expect(s.received[1]!.at).toBeGreaterThanOrEqual(retryAt - 5),
    },
  ],
  [
    "429 with retry-after-ms: 30, then 200",
    {
      steps: [
        reply.error(429, "qps", { "retry-after-ms": "30", "retry-after": "100" }),
        reply.ok(),
      ],
      attempts: 2,
      check: (_e, s) => expect(s.received[1]!.at - s.received[0]!.at).toBeLessThan(5000),
    },
  ],
  [
    "503, 503, 200",
    { steps: [reply.error(503, "busy"), reply.error(503, "busy"), reply.ok()], attempts: 3 },
  ],
  [
    "500 three times → InternalServerError",
    { steps: [reply.error(500, "Internal server error")], attempts: 3, error: InternalServerError },
  ],
  [
    "400 → 1 attempt",
    {
      steps: [reply.error(400, "Missing required parameter: product_id")],
      attempts: 1,
      error: BadRequestError,
    },
  ],
  [
    "401 → 1 attempt",
    { steps: [reply.error(401, "apiKey is null")], attempts: 1, error: AuthenticationError },
  ],
  [
    "402 → 1 attempt",
    {
      steps: [reply.error(402, "apiKey quota is not enough")],
      attempts: 1,
      error: InsufficientCreditsError,
    },
  ],
  [
    "403 → 1 attempt",
    { steps: [reply.error(403, "Forbidden")], attempts: 1, error: PermissionDeniedError },
  ],
  [
    "a 400 echoing the key is redacted",
    { steps: [reply.error(400, `bad key ${KEY}`)], attempts: 1, error: BadRequestError },
  ],
  ["connection reset, then 200", { steps: [reply.reset(), reply.ok()], attempts: 2 }],
  [
    "connection reset every time → ConnectionError",
    { steps: [reply.reset()], attempts: 3, error: ConnectionError },
  ],
  [
    "slower than timeoutMs → retried, then TimeoutError",
    {
      steps: [reply.delay(1000, reply.ok())],
      options: { timeoutMs: 100 },
      attempts: 3,
      error: TimeoutError,
    },
  ],
  [
    "200 with envelope code 429 → retried",
    { steps: [reply.envelope(429, "qps limit exceeded"), reply.ok()], attempts: 2 },
  ],
  [
    "200 with envelope code 402 → InsufficientCreditsError",
    {
      steps: [reply.envelope(402, "apiKey quota is not enough")],
      attempts: 1,
      error: InsufficientCreditsError,
      check: (e) => expect(e).toMatchObject({ status: 402, code: 402, requestId: "req-env" }),
    },
  ],
  [
    "malformed JSON → InvalidResponseError",
    { steps: [reply.raw(200, "{not json")], attempts: 1, error: InvalidResponseError },
  ],
  [
    "complete but cut JSON → InvalidResponseError",
    { steps: [reply.raw(200, '{"code":0,"da')], attempts: 1, error: InvalidResponseError },
  ],
  [
    "body cut off mid-stream → retried, then InvalidResponseError",
    { steps: [reply.truncated()], attempts: 3, error: InvalidResponseError },
  ],
  [
    "Retry-After: 120 → not waited for",
    {
      steps: [reply.error(429, "qps limit exceeded", { "retry-after": "120" })],
      attempts: 1,
      error: RateLimitError,
      check: (e) => expect((e as RateLimitError).retryAfterMs).toBe(120_000),
    },
  ],
  [
    "maxRetries: 0 disables retries",
    {
      steps: [reply.error(503, "busy")],
      options: { maxRetries: 0 },
      attempts: 1,
      error: InternalServerError,
    },
  ],
  [
    "shouldRetry returning false stops",
    {
      steps: [reply.error(503, "busy")],
      options: { retry: { baseDelayMs: 1, shouldRetry: () => false } },
      attempts: 1,
      error: InternalServerError,
    },
  ],
];

let server: ScriptedServer | undefined;
afterEach(() => server?.close());

describe("fault matrix (real HTTP on 127.0.0.1)", () => {
  it.each(matrix)("%s", async (_name, c) => {
    server = await startScriptedServer(typeof c.steps === "function" ? c.steps() : c.steps);
    const logs: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => logs.push(m + JSON.stringify(f)),
      info: () => {},
      warn: (m: string) => logs.push(m),
      error: () => {},
    };
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      logger,
      logLevel: "debug",
      ...c.options,
    });
    const result = await client.get(REVIEWS, { query: QUERY }).then(
      (data) => ({ data, error: undefined }),
      (error: KeyApiError) => ({ data: undefined, error }),
    );

    expect(server.received).toHaveLength(c.attempts);
    if (c.error) {
      expect(result.error).toBeInstanceOf(c.error);
      expect(result.error!.attempts).toBe(c.attempts);
      expect(result.error).toMatchObject({ method: "GET", path: REVIEWS });
      expect(everyTextOf(result.error)).not.toContain(KEY);
    } else {
      expect(result.error).toBeUndefined();
      expect(result.data).toEqual([{ review_id: "r1", rating: 5 }]);
    }
    expect(logs.join("\n")).not.toContain(KEY);
    for (const r of server.received) expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    c.check?.(result.error, server);
  });
});
