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
  let peakHeap = heap0;
  const started = performance.now();
  for await (const _ of client.paginate(REVIEWS, { query: { product_id: "1" } })) {
    if (++seen % 10_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const ms = performance.now() - started;
  const rss = process.memoryUsage().rss - rss0;
  gc();
  const retained = process.memoryUsage().heapUsed - heap0;
  server.close();
  const section = `3. pagination (${seen} items, ${Math.ceil(seen / 10) + 1} requests)`;
  const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
  return [
    { section, name: "items/s", value: Math.round(seen / (ms / 1000)), unit: "items/s" },
    {
      section,
      name: "peak heap growth during the walk",
      value: mb(peakHeap - heap0),
      unit: "MB",
      target: "< 20",
    },
    { section, name: "heap retained after the walk (after GC)", value: mb(retained), unit: "MB" },
    { section, name: "RSS growth", value: mb(rss), unit: "MB" },
  ];
}
