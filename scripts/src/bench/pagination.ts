import { dist, pageBody, REVIEWS, startServer, type BenchOptions, type Row } from "./shared.js";

const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** 100,000 items over 10,000 pages through client.paginate: items/s and memory growth. */
export async function pagination({ quick }: BenchOptions): Promise<Row[]> {
  const items = quick ? 200 : 100_000;
  const { url, server } = await startServer((u) => {
    const page = Number(u.searchParams.get("page_num"));
    const start = (page - 1) * 10;
    return pageBody(Math.max(0, Math.min(10, items - start)), start);
  });
  const { createKeyApiClient } = await dist("client");
  const client = createKeyApiClient({ apiKey: "sk_test_bench", baseUrl: url });
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let seen = 0;
  let peakLive = heap0;
  let gcMs = 0;
  const started = performance.now();
  for await (const _ of client.paginate(REVIEWS, { query: { product_id: "1" } })) {
    // Every 10,000 items: the live heap after a full GC, i.e. what the walk holds on to, not
    // garbage V8 has not collected yet. The GC time is taken out of the items/s figure.
    if (++seen % 10_000 === 0) {
      const t = performance.now();
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      gcMs += performance.now() - t;
    }
  }
  const ms = performance.now() - started - gcMs;
  const rss = process.memoryUsage().rss - rss0;
  gc();
  const retained = process.memoryUsage().heapUsed - heap0;
  server.close();
  const section = `3. pagination (${seen} items, ${Math.ceil(seen / 10) + 1} requests)`;
  const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
  return [
    {
      section,
      name: "items/s",
      value: Math.round(seen / (ms / 1000)),
      unit: "items/s",
      target: "≥ 15,000",
    },
    {
      section,
      name: "peak live heap growth during the walk (after GC)",
      value: mb(peakLive - heap0),
      unit: "MB",
      target: "< 20",
    },
    { section, name: "heap retained after the walk (after GC)", value: mb(retained), unit: "MB" },
    { section, name: "RSS growth", value: mb(rss), unit: "MB" },
  ];
}
