import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { createKeyApiClient } from "@keyapi-tiktok/client";
import { fleetFigures, runFleet } from "./support/fleet.mjs";
import { startRedis, type RedisProcess } from "./support/redis.mjs";

// The scenario: 4 workers on one key, each paging its own product at concurrency 4,
// against one server allowing 20 requests per sliding second (429 past it), 100 ms latency.
const LIMIT = 20;
const PAGES = 40;
const PRODUCTS = ["1001", "1002", "1003", "1004"];

let mock: MockServer | undefined;
let redis: RedisProcess | undefined;
afterEach(async () => {
  await mock?.close();
  await redis?.kill();
});

/** What each product holds, read from a mock with the same seed and no limit. */
async function reference(): Promise<Map<string, string[]>> {
  const free = await startMockServer({ datasetSize: PAGES * 10 });
  const client = createKeyApiClient({ apiKey: "sk_test_reference", baseUrl: free.url });
  const byProduct = new Map<string, string[]>();
  for (const product of PRODUCTS) {
    const ids: string[] = [];
    for await (const r of client.paginate("/v1/tiktok/product/reviews/analytics", {
      query: { product_id: product },
    }))
      ids.push(r.review_id!);
    byProduct.set(product, ids);
  }
  await free.close();
  return byProduct;
}

async function fleet(key: string, requestsPerSecond?: number, during?: () => Promise<void>) {
  const expected = await reference();
  redis = await startRedis();
  mock = await startMockServer({ datasetSize: PAGES * 10, qps: LIMIT, latencyMs: 100 });
  const run = runFleet({
    baseUrl: mock.url,
    redisUrl: redis.url,
    key,
    products: PRODUCTS,
    concurrency: 4,
    ...(requestsPerSecond ? { requestsPerSecond } : {}),
  });
  await during?.();
  const results = await run;
  for (const r of results) {
    expect(r.code, r.stderr).toBe(0);
    // Every item exact: the product's whole list, in order, once.
    expect(r.ids).toEqual(expected.get(r.product));
  }
  return { results, figures: fleetFigures(results, mock.stats, LIMIT) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

describe("4 workers, one key, one limit in Redis", () => {
  it(
    "limit given: at least 85% of the limit in aggregate, at most 2% 429s",
    {
      timeout: 120_000,
    },
    async () => {
      const { figures } = await fleet("load-given", LIMIT);
      console.log(
        `fleet, limit given: ${pct(figures.share)} of the limit over ${figures.seconds} s, ${figures.throttled} 429s (${pct(figures.throttledShare)})`,
      );
      expect(figures.share).toBeGreaterThanOrEqual(0.85);
      expect(figures.throttledShare).toBeLessThanOrEqual(0.02);
    },
  );

  it(
    "limit unknown: the fleet learns it together (one 429 slows every worker)",
    {
      timeout: 120_000,
    },
    async () => {
      const { figures } = await fleet("load-adaptive");
      console.log(
        `fleet, limit unknown: ${pct(figures.share)} of the limit over ${figures.seconds} s, ${figures.throttled} 429s (${pct(figures.throttledShare)})`,
      );
      expect(figures.share).toBeGreaterThanOrEqual(0.5);
    },
  );

  it(
    "Redis killed mid-run and restarted: every worker finishes exact, warned once each way",
    {
      timeout: 120_000,
    },
    async () => {
      const { results } = await fleet("load-fault", LIMIT, async () => {
        await new Promise((r) => setTimeout(r, 2_000));
        await redis!.kill();
        await new Promise((r) => setTimeout(r, 1_500));
        await redis!.start();
      });
      for (const r of results) {
        const lost = r.stderr.match(/Redis unavailable/g) ?? [];
        const back = r.stderr.match(/Redis is back/g) ?? [];
        expect(lost.length, r.stderr).toBe(1);
        expect(back.length, r.stderr).toBeLessThanOrEqual(1);
      }
      expect(results.some((r) => /Redis is back/.test(r.stderr))).toBe(true);
    },
  );
});
