import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pageBody } from "./shared.js";

/** Requests per sliding second, as the vendor counts a key's QPS. */
export const LIMIT = 20;

/**
 * A loopback server that behaves like the vendor at its limit: every answer after `latencyMs`,
 * at most `LIMIT` requests in any sliding second (429 `qps limit exceeded` past it), and
 * `itemsOf(product_id)` reviews per product in pages of `page_size`. It counts the requests
 * for pages past a product's last one (the last is the first short page).
 */
export async function startLimitedServer(latencyMs: number, itemsOf: (product: string) => number) {
  const admitted: number[] = [];
  const stats = { requests: 0, throttled: 0, pastEnd: 0 };
  const server = createServer((req, res) => {
    const now = Date.now();
    stats.requests++;
    while (admitted.length && admitted[0]! <= now - 1000) admitted.shift();
    const query = new URL(req.url!, "http://x").searchParams;
    const page = Number(query.get("page_num"));
    const size = Number(query.get("page_size"));
    const items = itemsOf(query.get("product_id") ?? "");
    let status = 200;
    let body: string;
    if (admitted.length >= LIMIT) {
      stats.throttled++;
      status = 429;
      body = JSON.stringify({ code: 429, message: "qps limit exceeded", data: null });
    } else {
      admitted.push(now);
      const last = Math.floor(items / size) + 1;
      if (page > last) stats.pastEnd++;
      const from = (page - 1) * size;
      body = pageBody(Math.max(0, Math.min(size, items - from)), from);
    }
    setTimeout(() => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    }, latencyMs);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, stats };
}

/** Pages a product's walk needs: every full page and the short (maybe empty) one that ends it. */
export const pagesNeeded = (items: number, size = 10) => Math.floor(items / size) + 1;
