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
    ["our client (client.get)", () => ours.get(REVIEWS, { query: QUERY })],
  ];
  // Rounds interleave the variants so drift on the machine hits them alike; median per variant.
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < (quick ? 1 : 5); round++) {
    for (const [name, call] of variants) times.get(name)!.push(await pool(n, 32, call));
  }
  server.close();
  const rps = (name: string) => n / (median(times.get(name)!) / 1000);
  const base = rps("bare openapi-fetch");
  return variants.map(([name]) => ({
    section: `2. loopback HTTP (${n} requests, concurrency 32)`,
    name,
    value: Math.round(rps(name)),
    unit: "req/s",
    ratio: rps(name) / base,
    baseline: "throughput ÷ bare openapi-fetch",
    target: name.startsWith("our client") ? "≥ 0.95" : undefined,
  }));
}
