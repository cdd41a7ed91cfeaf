import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, InternalServerError } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer } from "./support/paged-server.js";

let server: PagedServer | undefined;
afterEach(() => server?.close());

async function pool(calls: number, concurrency: number, call: () => Promise<unknown>) {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < calls) await call().catch((e) => errors.push(e));
    }),
  );
  return errors;
}

describe("retry budget", () => {
  it(
    "under a sustained outage, 1,000 calls at concurrency 32 send at most 1.2× as many requests; retries return after recovery",
    { timeout: 30_000 },
    async () => {
      server = await startPagedServer({ outage: true });
      const c = createKeyApiClient({
        apiKey: KEY,
        baseUrl: server.url,
        logLevel: "error",
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
      });
      const errors = await pool(1000, 32, () => c.get(REVIEWS, { query: QUERY }));
      expect(errors).toHaveLength(1000);
      expect(errors.every((e) => e instanceof InternalServerError)).toBe(true);
      console.log(`outage: ${server.log.length} requests for 1000 calls`);
      expect(server.log.length).toBeLessThanOrEqual(1200);
      expect(errors.some((e) => (e as Error).message.includes("retry budget exhausted"))).toBe(
        true,
      );

      // Recovery: successes refill the budget, then a failing page is retried again.
      server.options.outage = false;
      await pool(100, 4, () => c.get(REVIEWS, { query: QUERY }));
      server.options.failPage = { page: 1, times: 1 };
      const before = server.log.length;
      await c.get(REVIEWS, { query: QUERY });
      expect(server.log.length - before).toBe(2);
    },
  );

  it("without the budget the same outage triples the load", { timeout: 30_000 }, async () => {
    server = await startPagedServer({ outage: true });
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retryBudget: false,
      logLevel: "error",
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    await pool(200, 32, () => c.get(REVIEWS, { query: QUERY }));
    expect(server.log).toHaveLength(600);
  });
});
