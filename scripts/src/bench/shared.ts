import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../repo.js";

/** One row of the printed table and of bench/results.json. */
export interface Row {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** value ÷ the section's baseline measured in the same run (higher is better unless noted). */
  ratio?: number;
  /**
   * The lowest and highest of the ratio's per-process medians, where a section runs in several
   * processes: a target inside this range is inside what the machine can tell apart.
   */
  spread?: [number, number];
  baseline?: string;
  target?: string;
}

export interface BenchOptions {
  /** Tiny N, for the test command: proves the harness runs, measures nothing. */
  quick: boolean;
}

/** The key every client of the bench uses. */
export const BENCH_KEY = "sk_test_bench";

/**
 * bare openapi-fetch set up as any KeyAPI client must be: with the key's Authorization header.
 * Without it the baseline sent less than our client, and on loopback the server's parsing of
 * that header was counted as our client's cost.
 */
export const bareHeaders = { authorization: `Bearer ${BENCH_KEY}` };

/** The built client and mock, as a consumer loads them (run `pnpm build` first). */
export const dist = (pkg: string, file = "index.js") =>
  import(pathToFileURL(path.join(repoRoot, "packages", pkg, "dist", file)).href);

export const REVIEWS = "/v1/tiktok/product/reviews/analytics";
export const QUERY = { product_id: "1729471493154312768", page_num: 1, page_size: 10 };

/** A KeyAPI-shaped page body with `n` reviews. */
export function pageBody(n: number, offset = 0): string {
  const data = Array.from({ length: n }, (_, i) => ({
    display_text: "Soft, smooth",
    product_id: "1729471493154312768",
    rating: ((offset + i) % 5) + 1,
    review_id: String(7392963066264504106n + BigInt(offset + i)),
    review_timestamp: 1721308360410 - (offset + i) * 1000,
    sku_id: "1729471493154378304",
    sku_specification: "Item: one-size, Pink",
  }));
  return JSON.stringify({ code: 0, message: "success", data, requestId: "bench" });
}

/** A minimal node:http server on 127.0.0.1 answering every request with `answer(url)`. */
export async function startServer(
  answer: (url: URL) => string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = answer(new URL(req.url!, "http://x"));
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
