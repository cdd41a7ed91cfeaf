import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../repo.js";
import { dist, type BenchOptions, type Row } from "./shared.js";

const LIMIT = 20;
const PRODUCTS = ["1001", "1002", "1003", "1004"];

// The fleet and Redis helpers of the limiter's load test: one scenario, measured by both.
const support = (file: string) =>
  import(pathToFileURL(path.join(repoRoot, "packages/limiter-redis/test/support", file)).href);

/**
 * "Many workers on one key": 4 worker processes, each paging its own product at concurrency 4
 * through one Redis limit, against the mock allowing 20 requests per sliding second with 100 ms
 * latency. Share of the limit (accepted requests a second ÷ 20) and 429s, limit given and not.
 */
export async function fleet({ quick }: BenchOptions): Promise<Row[]> {
  const pages = quick ? 5 : 40;
  const { startRedis } = await support("redis.mjs");
  const { runFleet, fleetFigures } = await support("fleet.mjs");
  const { startMockServer } = await dist("mock");
  const section = `8. many workers on one key (4 processes × concurrency 4, Redis, ${LIMIT}/s sliding, 100 ms, ${pages} pages each)`;
  const rows: Row[] = [];
  for (const [name, requestsPerSecond, target] of [
    ["limit given", LIMIT, "≥ 0.85"],
    ["limit unknown (learned in Redis)", undefined, undefined],
  ] as const) {
    const redis = await startRedis();
    const mock = await startMockServer({ datasetSize: pages * 10, qps: LIMIT, latencyMs: 100 });
    try {
      const results = await runFleet({
        baseUrl: mock.url,
        redisUrl: redis.url,
        key: `bench-${name}`,
        products: PRODUCTS,
        requestsPerSecond,
      });
      const f = fleetFigures(results, mock.stats, LIMIT);
      const complete = results.every(
        (r: { code: number; ids: string[] }) => r.code === 0 && r.ids.length === pages * 10,
      );
      rows.push(
        {
          section,
          name: `${name}: share of the limit`,
          value: round(f.share),
          unit: "× limit",
          target,
        },
        {
          section,
          name: `${name}: 429s`,
          value: round(f.throttledShare),
          unit: "share of requests",
          ...(requestsPerSecond ? { target: "≤ 0.02" } : {}),
        },
        { section, name: `${name}: every worker complete`, value: complete ? 1 : 0, unit: "yes=1" },
      );
    } finally {
      await mock.close();
      await redis.kill();
    }
  }
  return rows;
}

const round = (n: number) => Math.round(n * 100) / 100;
