import { afterEach, describe, expect, it } from "vitest";
import {
  createKeyApiClient,
  InvalidParamsError,
  TimeoutError,
  type KeyApiClientOptions,
} from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import {
  reply,
  startScriptedServer,
  type ScriptedServer,
  type Step,
} from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(() => server?.close());

async function clientFor(steps: Step[], options: KeyApiClientOptions = {}) {
  server = await startScriptedServer(steps);
  return createKeyApiClient({ apiKey: KEY, baseUrl: server.url, ...options });
}

describe("deadlineMs bounds the whole call; the error says which limit fired", () => {
  // [case, server steps, client options, calls made before the one under test, its deadlineMs,
  //  message, attempts on the error, requests the server saw]
  it.each<[string, Step[], KeyApiClientOptions, number, number, RegExp, number, number]>([
    [
      "during a slow attempt (timeoutMs would allow it)",
      [reply.delay(5_000, reply.ok())],
      { timeoutMs: 30_000 },
      0,
      150,
      /deadline of 150 ms \(deadlineMs\) passed during attempt 1/,
      1,
      1,
    ],
    [
      "in the backoff the server asked for (Retry-After 5 s)",
      [reply.error(503, "busy", { "retry-after": "5" }), reply.ok()],
      {},
      0,
      150,
      /deadline of 150 ms \(deadlineMs\) passed in the backoff before attempt 2/,
      1,
      1,
    ],
    [
      "in the rate-limit queue: nothing sent for it",
      [reply.ok()],
      { rateLimit: { requestsPerSecond: 1 } },
      1,
      150,
      /deadline of 150 ms \(deadlineMs\) passed waiting for a rate-limit turn/,
      0,
      1,
    ],
    [
      "a client-wide default applies to every call",
      [reply.delay(5_000, reply.ok())],
      { deadlineMs: 150 },
      0,
      undefined as never,
      /deadline of 150 ms \(deadlineMs\) passed during attempt 1/,
      1,
      1,
    ],
  ])("%s", async (_case, steps, options, before, deadlineMs, message, attempts, requests) => {
    const client = await clientFor(steps, options);
    for (let i = 0; i < before; i++) await client.get(REVIEWS, { query: QUERY });
    const error = await client
      .get(REVIEWS, { query: QUERY, ...(deadlineMs ? { deadlineMs } : {}) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(message);
    expect((error as TimeoutError).attempts).toBe(attempts);
    expect(server!.received).toHaveLength(requests);
  });

  it("one attempt running out names timeoutMs, not the deadline", async () => {
    const client = await clientFor([reply.delay(5_000, reply.ok())], { maxRetries: 0 });
    const error = await client
      .get(REVIEWS, { query: QUERY, timeoutMs: 100, deadlineMs: 10_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/within 100 ms \(timeoutMs\)/);
  });

  it("a caller's abort still ends the call with the caller's reason", async () => {
    const client = await clientFor([reply.delay(5_000, reply.ok())]);
    const controller = new AbortController();
    const call = client.get(REVIEWS, {
      query: QUERY,
      deadlineMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    await expect(call).rejects.toThrow("caller gave up");
  });

  it.each([0, -1, Infinity, NaN, "100"])(
    "deadlineMs %s is refused before anything is sent, naming it",
    async (deadlineMs) => {
      const client = await clientFor([reply.ok()]);
      const error = await client
        .get(REVIEWS, { query: QUERY, deadlineMs: deadlineMs as number })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParamsError);
      expect((error as InvalidParamsError).issues[0]!.param).toBe("deadlineMs");
      expect(server!.received).toHaveLength(0);
    },
  );
});
