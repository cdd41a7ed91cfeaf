import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidResponseError } from "../src/index.js";
import { KEY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer, type Review } from "./support/paged-server.js";

// A page walk ends at a short page. A server that ignores the page number answers every page in
// full, so without a guard the walk buys every page up to the spec's last (100,000), a credit each.

let server: PagedServer | undefined;
afterEach(() => server?.close());

const reviews = (from: number, n: number, rating = 5): Review[] =>
  Array.from({ length: n }, (_, i) => ({ review_id: `r${from + i}`, rating }));

type PageOf = (page: number, size: number) => Review[] | string;

const DEEP_PAGE = `[${Array(10)
  .fill(`${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`)
  .join(",")}]`;

describe("a page walk that would never end is stopped at the first repeated page", () => {
  it.each<[string, PageOf, { items: number; error: boolean; requests: number }]>([
    // Pages 2 and 4 answer last (their latency below), so the pages asked ahead of them are
    // always sent before the walk stops: each count is exact.
    [
      "page_num ignored: page 1 every time",
      (_p, size) => reviews(0, size),
      { items: 10, error: true, requests: 3 },
    ],
    [
      "page_size ignored too: the same 15 items every time",
      () => reviews(0, 15),
      { items: 15, error: true, requests: 3 },
    ],
    [
      "pages 1–3 distinct, then page 3 again and again",
      (p, size) => reviews(Math.min(p, 3) * size, size),
      { items: 30, error: true, requests: 7 },
    ],
    // Not repeats: the walk goes on to its short or empty page and returns every item.
    [
      "pages of the server's own 15 (ends on an empty page)",
      (p) => reviews((p - 1) * 15, Math.max(0, Math.min(15, 40 - (p - 1) * 15))),
      { items: 40, error: false, requests: 7 },
    ],
    [
      "the same ids, edited between pages (a live list)",
      (p, size) => (p > 2 ? [] : reviews(0, size, p)),
      { items: 10, error: false, requests: 3 },
    ],
    // JSON.parse reads records nested 5,000 deep that JSON.stringify cannot write: such a page is
    // never taken for a repeat, and the walk ends at its empty page (a throw from the comparison
    // was an unhandled rejection, which fails this run).
    [
      "the same records, too deep to write as text",
      (p) => (p > 2 ? "[]" : DEEP_PAGE),
      { items: 20, error: false, requests: 3 },
    ],
  ])("%s", async (_name, pageOf, want) => {
    server = await startPagedServer({
      pageOf,
      latencyMs: (page) => (page === 2 || page === 4 ? 40 : 0),
    });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const walk = client.paginate(REVIEWS, { query: { product_id: "p" } });
    const items: Review[] = [];
    const error = await (async () => {
      for await (const r of walk) items.push(r as Review);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(items).toHaveLength(want.items);
    if (want.error) {
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toMatch(
        /repeats page \d+ item for item: `page_num` seems ignored/,
      );
    } else expect(error).toBeUndefined();
    expect(server.log).toHaveLength(want.requests);
  });

  it("in a walk of many, the product whose pages repeat fails alone; the others are whole", async () => {
    server = await startPagedServer({
      latencyMs: 5,
      jitterMs: 10,
      pageOf: (page, size, product) =>
        product === "stuck"
          ? reviews(0, size)
          : reviews((page - 1) * size, Math.max(0, Math.min(size, 25 - (page - 1) * size))),
    });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const each = ["a", "stuck", "b", "c"].map((product_id) => ({ query: { product_id } }));
    const got = new Map<string, number>();
    const failed: string[] = [];
    for await (const page of client.paginateEach(REVIEWS, { each }).pages()) {
      const product = each[page.entity]!.query.product_id;
      if ("error" in page) {
        expect(page.error).toBeInstanceOf(InvalidResponseError);
        failed.push(product);
      } else got.set(product, (got.get(product) ?? 0) + page.items.length);
    }
    expect(failed).toEqual(["stuck"]);
    expect(Object.fromEntries(got)).toEqual({ a: 25, stuck: 10, b: 25, c: 25 });
    // The stuck product's requests: pages 1 and 2, and what was asked ahead (at most the one
    // page seen) — not the spec's 100,000.
    const stuck = server.log.filter((r) => r.product === "stuck").length;
    expect(stuck).toBeGreaterThanOrEqual(2);
    expect(stuck).toBeLessThanOrEqual(3);
  });
});
