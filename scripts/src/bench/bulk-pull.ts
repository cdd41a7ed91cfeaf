import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dist, pageBody, REVIEWS, type BenchOptions, type Row } from "./shared.js";

const LIMIT = 20; // requests per sliding second, as the vendor counts a key's QPS
const LATENCY_MS = 250;

/**
 * A loopback server that behaves like the vendor at its limit: 250 ms per answer, at most 20
 * requests in any sliding second (429 `qps limit exceeded` past it), `pages` full pages of 10
 * then an empty one.
 */
async function startLimitedServer(pages: number) {
  const admitted: number[] = [];
  const stats = { requests: 0, throttled: 0, pastEnd: 0 };
  const server = createServer((req, res) => {
    const now = Date.now();
    stats.requests++;
    while (admitted.length && admitted[0]! <= now - 1000) admitted.shift();
    const page = Number(new URL(req.url!, "http://x").searchParams.get("page_num"));
    let status = 200;
    let body: string;
    if (admitted.length >= LIMIT) {
      stats.throttled++;
      status = 429;
      body = JSON.stringify({ code: 429, message: "qps limit exceeded", data: null });
    } else {
      admitted.push(now);
      if (page > pages + 1) stats.pastEnd++;
      body = page <= pages ? pageBody(10, (page - 1) * 10) : pageBody(0);
    }
    setTimeout(() => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    }, LATENCY_MS);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, stats };
}

/**
 * "Bulk pull at the key's limit": one `paginate` walk against the limited server, as a share of
 * what the key allows (pages ÷ seconds ÷ 20), with the limit given (`requestsPerSecond: 20`) and
 * unknown (the default adaptive limiter), and with limiting off as the baseline. Ratios only: every figure is measured in this run.
 */
export async function bulkPull({ quick }: BenchOptions): Promise<Row[]> {
  const pages = quick ? 12 : 240; // long enough for the window to reach its width: 2,400 items
  const { createKeyApiClient } = await dist("client");
  const section = `7. bulk pull at the key's limit (${LATENCY_MS} ms, ${LIMIT}/s sliding, ${pages} pages)`;
  const rows: Row[] = [];
  for (const [name, rateLimit, target] of [
    ["limit given (requestsPerSecond 20)", { requestsPerSecond: LIMIT }, "≥ 0.9"],
    ["limit unknown (default: adaptive)", undefined, "≥ 0.7"],
    ["baseline: rateLimit false (retries only)", false, undefined],
  ] as const) {
    const { url, server, stats } = await startLimitedServer(pages);
    const client = createKeyApiClient({
      apiKey: "sk_test_bench",
      baseUrl: url,
      ...(rateLimit !== undefined ? { rateLimit } : {}),
      maxRetries: 10,
      retry: { baseDelayMs: 250, maxDelayMs: 2000 },
      retryBudget: false,
      logLevel: "off",
    });
    const started = performance.now();
    const ids: string[] = [];
    for await (const item of client.paginate(REVIEWS, { query: { product_id: "1" } }))
      ids.push((item as { review_id: string }).review_id);
    const seconds = (performance.now() - started) / 1000;
    server.close();
    const exact =
      ids.length === pages * 10 &&
      ids.every((id, i) => id === String(7392963066264504106n + BigInt(i)));
    // Pages the data has plus the empty one that ends it: the useful requests.
    const useful = pages + 1;
    rows.push(
      {
        section,
        name: `${name}: share of the limit`,
        value: Math.round((useful / seconds / LIMIT) * 100) / 100,
        unit: "× limit",
        target,
      },
      {
        section,
        name: `${name}: 429s`,
        value: stats.throttled,
        unit: "count",
        target: rateLimit ? "0" : undefined,
      },
      {
        section,
        name: `${name}: requests past the last page`,
        value: stats.pastEnd,
        unit: "count",
      },
      { section, name: `${name}: items exact and in order`, value: exact ? 1 : 0, unit: "yes=1" },
    );
  }
  return rows;
}
