import { LIMITERS, pullRows } from "./bulk-pull.js";
import { LIMIT, pagesNeeded, startLimitedServer } from "./limited-server.js";
import { BENCH_KEY, dist, REVIEWS, type BenchOptions, type Row } from "./shared.js";

const LATENCY_MS = 1500;

/**
 * A catalog with a long tail, fixed by the product's number: 60% of products have under 20
 * reviews, 30% 20–99, 10% 100–399.
 */
export function catalogSize(i: number): number {
  const r = ((i * 2654435761) % 2 ** 32) / 2 ** 32;
  if (r < 0.6) return Math.floor((r / 0.6) * 20);
  if (r < 0.9) return 20 + Math.floor(((r - 0.6) / 0.3) * 80);
  return 100 + Math.floor(((r - 0.9) / 0.1) * 300);
}

/**
 * "The main job": every review of a catalog in one `paginateEach` pull at 1,500 ms against a
 * 20-a-second key, as a share of the limit, with the share of requests for pages past a
 * product's last one (the speculation the scheduler bought), 429s, and every review once.
 */
export async function catalogPull({ quick }: BenchOptions): Promise<Row[]> {
  const { createKeyApiClient } = await dist("client");
  const products = quick ? 30 : 2000;
  const section = `9. catalog pull (${products} products, long tail, ${LATENCY_MS} ms, ${LIMIT}/s sliding)`;
  const rows: Row[] = [];
  for (const [name, rateLimit, target] of LIMITERS) {
    if (rateLimit === false) continue; // the single walk shows the baseline; this one is long
    const sizes = Array.from({ length: products }, (_, i) => catalogSize(i));
    const { url, server, stats } = await startLimitedServer(LATENCY_MS, (p) => sizes[Number(p)]!);
    const client = createKeyApiClient({
      apiKey: BENCH_KEY,
      baseUrl: url,
      ...(rateLimit !== undefined ? { rateLimit } : {}),
      logLevel: "off",
    });
    const got = sizes.map(() => [] as string[]);
    const each = sizes.map((_, i) => ({ query: { product_id: String(i) } }));
    const started = performance.now();
    let failed = 0;
    for await (const page of client.paginateEach(REVIEWS, { each }).pages()) {
      if ("error" in page) failed++;
      else got[page.entity]!.push(...page.items.map((r: { review_id: string }) => r.review_id));
    }
    const seconds = (performance.now() - started) / 1000;
    // Its keep-alive sockets (60 s) held the process for most of a minute after the run.
    server.close();
    server.closeAllConnections();
    const exact =
      failed === 0 &&
      got.every(
        (ids, i) =>
          ids.length === sizes[i] &&
          ids.every((id, k) => id === String(7392963066264504106n + BigInt(k))),
      );
    const useful = sizes.reduce((n, s) => n + pagesNeeded(s), 0);
    rows.push(...pullRows(section, name, { seconds, useful, ...stats, exact }, target));
  }
  return rows;
}
