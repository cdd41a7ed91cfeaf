import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient } from "../src/index.js";
import { createThrottle } from "../src/core/throttle.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer } from "./support/paged-server.js";

let server: PagedServer | undefined;
afterEach(() => server?.close());

const share429 = (log: { status: number }[]) =>
  log.filter((r) => r.status === 429).length / log.length;

/** `calls` calls at once, no retries, from a client limited to `requestsPerSecond`; the server's log. */
async function burstAt20rpsServer(requestsPerSecond: number, calls: number) {
  server = await startPagedServer({ qps: 20 });
  const c = createKeyApiClient({
    apiKey: KEY,
    baseUrl: server.url,
    maxRetries: 0,
    rateLimit: { requestsPerSecond },
  });
  await Promise.allSettled(Array.from({ length: calls }, () => c.get(REVIEWS, { query: QUERY })));
  return server.log;
}

describe("rate limit (a server enforcing 20 requests a second)", () => {
  it(
    "at requestsPerSecond: 20, 100 requests see at most 1% 429s",
    { timeout: 20_000 },
    async () => {
      const log = await burstAt20rpsServer(20, 100);
      expect(log).toHaveLength(100);
      console.log(`20 rps vs a 20 rps server: 429 share ${share429(log)}`);
      expect(share429(log)).toBeLessThanOrEqual(0.01);
    },
  );

  it(
    "configured at 80 a second, the adaptive rule brings the 429 share down over the run",
    { timeout: 30_000 },
    async () => {
      const log = await burstAt20rpsServer(80, 200);
      const [first, second] = [log.slice(0, 100), log.slice(100)];
      console.log(
        `adaptive 80 rps vs 20 rps server: 429 share first 100 = ${share429(first)}, last 100 = ${share429(second)}`,
      );
      expect(share429(second)).toBeLessThan(share429(first));
    },
  );

  it("maxConcurrent caps requests in flight", async () => {
    server = await startPagedServer({ latencyMs: 30 });
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      rateLimit: { maxConcurrent: 3 },
    });
    await Promise.all(Array.from({ length: 20 }, () => c.get(REVIEWS, { query: QUERY })));
    expect(server.inFlightMax).toBe(3);
  });
});

describe("Throttle queue", () => {
  it("is FIFO, and a queued call whose signal aborts leaves the queue at once", async () => {
    const throttle = createThrottle({ requestsPerSecond: 20 }); // one slot every 50 ms
    const order: string[] = [];
    const controller = new AbortController();
    const take = (name: string, signal?: AbortSignal) =>
      throttle.acquire(signal).then((release) => {
        order.push(name);
        release();
      });
    const a = take("a");
    const b = take("b", controller.signal);
    const c = take("c");
    const started = performance.now();
    controller.abort(new Error("gone"));
    await expect(b).rejects.toThrow("gone");
    expect(performance.now() - started).toBeLessThan(20);
    await Promise.all([a, c]);
    expect(order).toEqual(["a", "c"]);
  });

  it.each([
    ["429 halves the rate", [429], 40],
    ["two 429s quarter it", [429, 429], 20],
    ["never below a tenth", [429, 429, 429, 429, 429], 8],
    ["success adds a two-hundredth back", [429, 429, 200], 20.4],
    ["never above the configured rate", [200, 200], 80],
  ])("%s", (_name, statuses, rate) => {
    const throttle = createThrottle({ requestsPerSecond: 80 });
    for (const s of statuses) throttle.record(s);
    expect(throttle.rate).toBe(rate);
  });
});
