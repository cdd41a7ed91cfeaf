import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Review {
  review_id: string;
  rating: number;
}

export interface PagedServerOptions {
  items?: number;
  /** Answer this page with 503 for its first N requests. */
  failPage?: { page: number; times: number };
  /** Sliding one-second window: more requests than this in the last second get 429. */
  qps?: number;
  /** Delay every answer (or each page's by its number). */
  latencyMs?: number | ((page: number) => number);
  /** Add up to this much random delay per answer, so answers come back out of order. */
  jitterMs?: number;
  /** After this many requests, a new item appears at the head of the dataset (a live list). */
  insertAfter?: number;
  /** Answer everything with 503 while true. */
  outage?: boolean;
  /** Items of each product (`product_id`), for a catalog; `items` for all when absent. */
  sizeOf?: (productId: string) => number;
  /** Products answered with a 400 (a bad id). */
  badProducts?: string[];
  /** Requests the key's credits pay for; every one after is a 402 (credits exhausted). */
  paidRequests?: number;
  /**
   * The items of a page, in place of the dataset's slice (a server that pages its own way); a
   * string is sent as the list's JSON text (records too deep for JSON.stringify to write).
   */
  pageOf?: (page: number, size: number, productId: string) => Review[] | string;
}

export interface PagedServer {
  url: string;
  dataset: Review[];
  /** Arrival time and status of every request, in order. */
  log: { at: number; status: number; page: number; product: string }[];
  inFlightMax: number;
  options: PagedServerOptions;
  close(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ requestId: `req-${Math.random().toString(36).slice(2)}`, ...body }));
};

/** A KeyAPI-like reviews endpoint over a fixed dataset, on 127.0.0.1 and a random port. */
export async function startPagedServer(options: PagedServerOptions = {}): Promise<PagedServer> {
  const dataset = Array.from({ length: options.items ?? 1000 }, (_, i) => ({
    review_id: `r${String(i).padStart(5, "0")}`,
    rating: (i % 5) + 1,
  }));
  const failures = new Map<number, number>();
  let inFlight = 0;
  const state: PagedServer = {
    url: "",
    dataset,
    log: [],
    inFlightMax: 0,
    options,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const now = Date.now();
    const url = new URL(req.url!, "http://x");
    const page = Number(url.searchParams.get("page_num"));
    const size = Number(url.searchParams.get("page_size"));
    const product = url.searchParams.get("product_id") ?? "";
    const answer = (status: number, body: object) => {
      state.log.push({ at: now, status, page, product });
      inFlight++;
      state.inFlightMax = Math.max(state.inFlightMax, inFlight);
      setTimeout(
        () => {
          inFlight--;
          send(res, status, body);
        },
        (typeof options.latencyMs === "function"
          ? options.latencyMs(page)
          : (options.latencyMs ?? 0)) +
          Math.random() * (options.jitterMs ?? 0),
      );
    };
    const lastSecond = state.log.filter((r) => r.at > now - 1000 && r.status !== 429).length;
    if (options.qps !== undefined && lastSecond >= options.qps) {
      return answer(429, { code: 429, message: "qps limit exceeded", data: null });
    }
    if (state.options.outage) return answer(503, { code: 503, message: "unavailable", data: null });
    const failed = failures.get(page) ?? 0;
    if (options.failPage?.page === page && failed < options.failPage.times) {
      failures.set(page, failed + 1);
      return answer(503, { code: 503, message: "unavailable", data: null });
    }
    if (options.paidRequests !== undefined && state.log.length >= options.paidRequests)
      return answer(402, { code: 402, message: "apiKey quota is not enough", data: null });
    if (options.badProducts?.includes(product))
      return answer(400, { code: 400, message: "Invalid parameter: product_id", data: null });
    if (options.pageOf) {
      const data = options.pageOf(page, size, product);
      if (typeof data !== "string") return answer(200, { code: 0, message: "success", data });
      state.log.push({ at: now, status: 200, page, product });
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(`{"code":0,"message":"success","data":${data}}`);
    }
    if (options.sizeOf) {
      const items = Array.from({ length: options.sizeOf(product) }, (_, i) => ({
        review_id: `${product}-${i}`,
        rating: (i % 5) + 1,
      }));
      return answer(200, {
        code: 0,
        message: "success",
        data: items.slice((page - 1) * size, page * size),
      });
    }
    if (options.insertAfter !== undefined && state.log.length === options.insertAfter)
      dataset.unshift({ review_id: "r-new", rating: 5 });
    answer(200, {
      code: 0,
      message: "success",
      data: dataset.slice((page - 1) * size, page * size),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
