import createClient from "openapi-fetch";
import {
  dist,
  median,
  pageBody,
  QUERY,
  REVIEWS,
  startServer,
  type BenchOptions,
  type Row,
} from "./shared.js";

async function pool(n: number, concurrency: number, call: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await call();
    }),
  );
  return performance.now() - started;
}

/** 5,000 requests at concurrency 32 against a minimal node:http server on 127.0.0.1. */
export async function loopback({ quick }: BenchOptions): Promise<Row[]> {
  const body = pageBody(10);
  const { url, server } = await startServer(() => body);
  const { createKeyApiClient } = await dist("client");
  const bare = createClient<any>({ baseUrl: url });
  const ours = createKeyApiClient({ apiKey: "sk_test_bench", baseUrl: url });
  const n = quick ? 50 : 5000;
  const variants: [string, () => Promise<unknown>][] = [
    [
      "plain fetch + JSON parse",
      async () => (await fetch(`${url}${REVIEWS}?product_id=1&page_num=1&page_size=10`)).json(),
    ],
    ["bare openapi-fetch", () => bare.GET(REVIEWS, { params: { query: QUERY } })],
    // What a per-request timeout costs openapi-fetch itself: a signal on each Request (undici 6,
    // Node 20, makes that dear; see docs/performance.md). Our client has one per attempt.
    [
      "bare openapi-fetch + a timeout signal",
      async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
          return await bare.GET(REVIEWS, { params: { query: QUERY }, signal: controller.signal });
        } finally {
          clearTimeout(timer);
        }
      },
    ],
    ["our client (client.get)", () => ours.get(REVIEWS, { query: QUERY })],
  ];
  // Rounds interleave the variants, their order rotating, and each ratio is taken within its
  // round, then the median over rounds (as in section 1): with a fixed order, drift on the
  // machine and the garbage one variant leaves for the next moved the ratio by ±0.05 a run.
  const rounds = quick ? 1 : 7;
  const ratios = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const took = new Map<string, number>();
    for (let i = 0; i < variants.length; i++) {
      const [name, call] = variants[(i + round) % variants.length]!;
      took.set(name, await pool(n, 32, call));
    }
    for (const [name] of variants) {
      times.get(name)!.push(took.get(name)!);
      ratios.get(name)!.push(took.get("bare openapi-fetch")! / took.get(name)!);
    }
  }
  server.close();
  return variants.map(([name]) => ({
    section: `2. loopback HTTP (${rounds} interleaved rounds of ${n} requests, concurrency 32)`,
    name,
    value: Math.round(n / (median(times.get(name)!) / 1000)),
    unit: "req/s",
    ratio: median(ratios.get(name)!),
    baseline: "throughput ÷ bare openapi-fetch, median of rounds",
    target: name.startsWith("our client") ? "≥ 0.95" : undefined,
  }));
}
