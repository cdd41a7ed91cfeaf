import createClient from "openapi-fetch";
import {
  BENCH_KEY,
  bareHeaders,
  dist,
  median,
  pageBody,
  QUERY,
  REVIEWS,
  type BenchOptions,
  type Row,
} from "./shared.js";

/** Time of `calls` calls made one after the other, in ms. */
async function timed(calls: number, call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call();
  return performance.now() - started;
}

/**
 * Client overhead with a stub fetch (no network): what each layer costs per call. The stub
 * builds a fresh Response per call, as a real fetch does. Rounds interleave the variants (their
 * order rotating) and each variant's ratio to bare openapi-fetch is taken within its round, then
 * the median over rounds: a GC or JIT phase that lands on one variant for a whole second (as a
 * run of one variant after the other allows) moved the ratios by ±0.8 between runs.
 */
export async function clientOverhead({ quick }: BenchOptions): Promise<Row[]> {
  const body = pageBody(10);
  const stub = (async () =>
    new Response(body, { headers: { "content-type": "application/json" } })) as typeof fetch;
  const { createKeyApiClient } = await dist("client");
  const bare = createClient<any>({
    baseUrl: "https://api.keyapi.ai",
    headers: bareHeaders,
    fetch: stub,
  });
  const ours = createKeyApiClient({ apiKey: BENCH_KEY, fetch: stub });
  const full = createKeyApiClient({
    apiKey: BENCH_KEY,
    fetch: stub,
    validateResponses: true,
    rateLimit: { requestsPerSecond: 1e9, maxConcurrent: 1e9 },
  });
  const url = `https://api.keyapi.ai${REVIEWS}?product_id=${QUERY.product_id}&page_num=1&page_size=10`;
  const variants: [string, () => Promise<unknown>][] = [
    ["plain fetch + JSON parse", async () => (await stub(url)).json()],
    ["bare openapi-fetch", () => bare.GET(REVIEWS, { params: { query: QUERY } })],
    ["our client, defaults (client.get)", () => ours.get(REVIEWS, { query: QUERY })],
    ["our client, defaults (client.GET)", () => ours.GET(REVIEWS, { params: { query: QUERY } })],
    ["our client + rateLimit + validateResponses", () => full.get(REVIEWS, { query: QUERY })],
  ];
  const [rounds, calls] = quick ? [1, 20] : [15, 2000];
  for (const [, call] of variants) await timed(quick ? 10 : 3000, call); // warm-up
  const ms = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const ratios = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
    const took = new Map<string, number>();
    for (const [name, call] of order) took.set(name, await timed(calls, call));
    for (const [name] of variants) {
      ms.get(name)!.push(took.get(name)!);
      ratios.get(name)!.push(took.get(name)! / took.get("bare openapi-fetch")!);
    }
  }
  return variants.map(([name]) => ({
    section: `1. client overhead (stub fetch, ${rounds} interleaved rounds of ${calls} calls)`,
    name,
    value: Math.round(calls / (median(ms.get(name)!) / 1000)),
    unit: "ops/s",
    ratio: median(ratios.get(name)!),
    baseline: "time ÷ bare openapi-fetch, median of rounds",
    target: name.startsWith("our client, defaults") ? "≤ 1.3" : undefined,
  }));
}
