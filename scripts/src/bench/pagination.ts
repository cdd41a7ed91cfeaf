import {
  BENCH_KEY,
  dist,
  median,
  pageBody,
  REVIEWS,
  startServer,
  type BenchOptions,
  type Row,
} from "./shared.js";

const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** One walk of the paged server through a fresh client: items/s (GC time taken out) and memory. */
async function walk(
  client: { paginate(path: string, options: object): AsyncIterable<unknown> },
  measureMemory: boolean,
): Promise<{
  seen: number;
  perSecond: number;
  peakLive: number;
  heap0: number;
  retained: number;
  rss: number;
}> {
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
    if (++seen % 10_000 === 0 && measureMemory) {
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
  return { seen, perSecond: seen / (ms / 1000), peakLive, heap0, retained, rss };
}

/** 100,000 items over 10,000 pages through client.paginate: items/s and memory growth. */
export async function pagination({ quick }: BenchOptions): Promise<Row[]> {
  const items = quick ? 200 : 100_000;
  const { url, server } = await startServer((u) => {
    const page = Number(u.searchParams.get("page_num"));
    const start = (page - 1) * 10;
    return pageBody(Math.max(0, Math.min(10, items - start)), start);
  });
  const { createKeyApiClient } = await dist("client");
  const fresh = () => createKeyApiClient({ apiKey: BENCH_KEY, baseUrl: url });
  // Memory is measured on a walk of its own: the full GCs it forces every 10,000 items slowed
  // the walk they were in by about a quarter beyond their own time, which is taken out (median
  // 12.9k against 17.0k–18.7k without them, same build). Items/s is the median of three walks
  // without them; one walk alone moved between 11.7k and 16.6k from run to run.
  const { seen, peakLive, heap0, retained, rss } = await walk(fresh(), true);
  const walks = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) walks.push(await walk(fresh(), false));
  server.close();
  const perSecond = median(walks.map((w) => w.perSecond));
  const section = `3. pagination (${seen} items, ${Math.ceil(seen / 10) + 1} requests)`;
  const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
  return [
    {
      section,
      name: `items/s (median of ${walks.length} walks)`,
      value: Math.round(perSecond),
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
