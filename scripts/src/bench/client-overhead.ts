import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { dist, pageBody, QUERY, REVIEWS, type BenchOptions, type Row } from "./shared.js";

/**
 * Client overhead with a stub fetch (no network): what each layer costs per call. The stub
 * builds a fresh Response per call, as a real fetch does.
 */
export async function clientOverhead({ quick }: BenchOptions): Promise<Row[]> {
  const body = pageBody(10);
  const stub = (async () =>
    new Response(body, { headers: { "content-type": "application/json" } })) as typeof fetch;
  const { createKeyApiClient } = await dist("client");
  const bare = createClient<any>({ baseUrl: "https://api.keyapi.ai", fetch: stub });
  const ours = createKeyApiClient({ apiKey: "sk_test_bench", fetch: stub });
  const full = createKeyApiClient({
    apiKey: "sk_test_bench",
    fetch: stub,
    validateResponses: true,
    rateLimit: { requestsPerSecond: 1e9, maxConcurrent: 1e9 },
  });
  const url = `https://api.keyapi.ai${REVIEWS}?product_id=${QUERY.product_id}&page_num=1&page_size=10`;
  const bench = new Bench({ time: quick ? 20 : 1500, warmup: true, warmupTime: quick ? 10 : 300 });
  bench
    .add("plain fetch + JSON parse", async () => {
      await (await stub(url)).json();
    })
    .add("bare openapi-fetch", async () => {
      await bare.GET(REVIEWS, { params: { query: QUERY } });
    })
    .add("our client, defaults (client.get)", async () => {
      await ours.get(REVIEWS, { query: QUERY });
    })
    .add("our client, defaults (client.GET)", async () => {
      await ours.GET(REVIEWS, { params: { query: QUERY } });
    })
    .add("our client + rateLimit + validateResponses", async () => {
      await full.get(REVIEWS, { query: QUERY });
    });
  await bench.run();
  const hz = (name: string) =>
    (bench.tasks.find((t) => t.name === name)!.result as { throughput: { mean: number } })
      .throughput.mean;
  const base = hz("bare openapi-fetch");
  return bench.tasks.map((t) => ({
    section: "1. client overhead (stub fetch)",
    name: t.name,
    value: Math.round(hz(t.name)),
    unit: "ops/s",
    ratio: base / hz(t.name),
    baseline: "time ÷ bare openapi-fetch",
    target: t.name.startsWith("our client, defaults") ? "≤ 1.10" : undefined,
  }));
}
