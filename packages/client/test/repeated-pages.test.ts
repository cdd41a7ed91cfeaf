import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidResponseError } from "../src/index.js";
import { KEY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer, type Review } from "./support/paged-server.js";

// A page walk ends at a short page. A server that ignores the page number answers every page in
// full, so without a guard the walk bought every page up to the spec's last (100,000), a credit
// each. The reader's rule itself is table-tested in page-reader.test.ts; here, over the wire.

let server: PagedServer | undefined;
afterEach(() => server?.close());

const reviews = (from: number, n: number, extra: object = {}): Review[] =>
  Array.from({ length: n }, (_, i) => ({ review_id: `r${from + i}`, rating: 5, ...extra }));

type PageOf = (page: number, size: number) => Review[];

describe("a page walk whose pages repeat the page before them is stopped, over the wire", () => {
  // [case, the server's pages, items the walk yields, whether it fails, requests]. Pages 2 and 4
  // answer last (their latency below), so the pages asked ahead are always sent: exact counts.
  it.each<[string, PageOf, number, boolean, number | { needed: number }]>([
    [
      "page_num ignored: page 1 every time (stopped at page 4)",
      (_p, size) => reviews(0, size),
      10,
      true,
      7,
    ],
    [
      "page 1 with a timestamp that changes each time",
      (p, size) => reviews(0, size, { fetched_at: p }),
      10,
      true,
      7,
    ],
    ["the same 15 items to page_size 10 (stopped at page 3)", () => reviews(0, 15), 15, true, 3],
    // Not repeats: each walk goes on to its short or empty page and returns every item.
    [
      "30 reviews arrive at the head after page 3: pages 4–6 are pages 1–3 again",
      (p, size) => {
        const from = (p <= 3 ? p - 1 : p - 4) * size;
        return reviews(from, Math.max(0, Math.min(size, 60 - from)));
      },
      60,
      false,
      // Pages 1–10 (the 10th empty); how many asked past it land first is timing.
      { needed: 10 },
    ],
    [
      "pages of the server's own 15, ending on an empty page",
      (p) => reviews((p - 1) * 15, Math.max(0, Math.min(15, 40 - (p - 1) * 15))),
      40,
      false,
      7,
    ],
    [
      "page 2 is page 1 again (a live list outgrew the walk once)",
      (p, size) => (p > 3 ? [] : reviews(Math.max(0, p - 2) * size, size)),
      20,
      false,
      7,
    ],
  ])("%s", async (_name, pageOf, items, fails, requests) => {
    server = await startPagedServer({
      pageOf,
      latencyMs: (page) => (page === 2 || page === 4 ? 40 : 0),
    });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const got: Review[] = [];
    const walk = client.paginate(REVIEWS, { query: { product_id: "p" } });
    const error = await (async () => {
      for await (const r of walk) got.push(r as Review);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(got).toHaveLength(items);
    expect(new Set(got.map((r) => r.review_id)).size).toBe(items);
    if (fails) {
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error).toMatchObject({ reason: "repeated-pages" });
      expect((error as Error).message).toMatch(
        /^pages \d+–\d+ repeat the page before them: `page_num` seems ignored/,
      );
    } else expect(error).toBeUndefined();
    if (typeof requests === "number") expect(server.log).toHaveLength(requests);
    else {
      expect(server.log.length).toBeGreaterThanOrEqual(requests.needed);
      expect(server.log.length).toBeLessThanOrEqual(requests.needed + walk.stats.pastEnd);
    }
  });

  it("a live list gaining a review mid-walk at page_size 1 is read whole, not stopped", async () => {
    // Every page after the insertion repeats the one before it by one item: one stale page.
    server = await startPagedServer({ items: 50, insertAfter: 20 });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const got: string[] = [];
    // One page at a time: with pages in flight, which of them saw the insertion is timing.
    const walk = client.paginate(REVIEWS, {
      query: { product_id: "p", page_size: 1 },
      concurrency: 1,
    });
    for await (const r of walk) got.push(r.review_id!);
    // Each review once, in order; the new one, at the head, came after page 1 was read.
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `r${String(i).padStart(5, "0")}`));
    expect(walk.stats.duplicates).toBe(1);
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
        expect(page.error).toMatchObject({ reason: "repeated-pages" });
        failed.push(product);
      } else got.set(product, (got.get(product) ?? 0) + page.items.length);
    }
    expect(failed).toEqual(["stuck"]);
    expect(Object.fromEntries(got)).toEqual({ a: 25, stuck: 10, b: 25, c: 25 });
    // The stuck product's requests: pages 1–4, and what was asked ahead of page 4 (no more than
    // the 3 pages it had seen), not the spec's 100,000.
    const stuck = server.log.filter((r) => r.product === "stuck").length;
    expect(stuck).toBeGreaterThanOrEqual(4);
    expect(stuck).toBeLessThanOrEqual(7);
  });
});
