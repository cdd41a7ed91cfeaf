import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, CreditBudgetExceededError, InvalidParamsError } from "../src/index.js";
import { DEFAULT_CONCURRENCY } from "../src/paginate.js";
import { KEY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer } from "./support/paged-server.js";

let server: PagedServer | undefined;
afterEach(() => server?.close());

const client = (s: PagedServer, extra = {}) =>
  createKeyApiClient({
    apiKey: KEY,
    baseUrl: s.url,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("paginate", () => {
  it.each([
    ["every page answers", undefined, 101],
    ["page 37 fails twice with 503", { page: 37, times: 2 }, 103],
  ])(
    "1,000 items over 100 pages equal the dataset exactly: %s",
    async (_name, failPage, requests) => {
      server = await startPagedServer({ items: 1000, failPage, jitterMs: 5 });
      const c = client(server);
      const walk = c.paginate(REVIEWS, { query: { product_id: "p1" } });
      const items = await collect(walk);
      expect(items).toEqual(server.dataset); // order, no duplicate, none missing
      // 100 full pages, then an empty 101st that ends the walk; pages already started past it
      // (at most concurrency − 1, and no more than the walk had seen) are counted apart.
      expect(walk.stats.pastEnd).toBeLessThanOrEqual(DEFAULT_CONCURRENCY - 1);
      expect(server.log.length).toBeLessThanOrEqual(requests + walk.stats.pastEnd);
      expect(c.credits.retries).toBe(requests - 101);
      expect(c.credits.charged).toBeGreaterThanOrEqual(101);
      expect(c.credits.charged).toBeLessThanOrEqual(101 + walk.stats.pastEnd);
    },
  );

  it.each([
    ["limit", { limit: 25 }, 25, 3],
    ["maxPages", { maxPages: 2 }, 20, 2],
    ["a start page and size", { query: { product_id: "p1", page_num: 99, page_size: 5 } }, 10, 3],
  ])("stops at %s", async (_name, extra, itemCount, requests) => {
    server = await startPagedServer({ items: 500 });
    const walk = client(server).paginate(REVIEWS, { query: { product_id: "p1" }, ...extra });
    const items = await collect(walk);
    expect(items).toHaveLength(itemCount);
    // The pages the walk needed reached the server; pages started past the end may have too
    // (or were cancelled before they left).
    expect(server.log.length).toBeGreaterThanOrEqual(requests);
    expect(server.log.length).toBeLessThanOrEqual(requests + walk.stats.pastEnd);
  });

  it("pages() yields whole pages with their numbers; a short page is the last", async () => {
    server = await startPagedServer({ items: 25 });
    const pages = await collect(
      client(server)
        .paginate(REVIEWS, { query: { product_id: "p1" } })
        .pages(),
    );
    expect(pages.map((p) => [p.page, p.items.length])).toEqual([
      [1, 10],
      [2, 10],
      [3, 5],
    ]);
  });

  it("maxCredits: 7 → exactly 7 requests reach the server, then CreditBudgetExceededError after every item", async () => {
    server = await startPagedServer({ items: 1000 });
    const c = client(server, { maxCredits: 7 });
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of c.paginate(REVIEWS, { query: { product_id: "p1" } }))
        items.push(item);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(CreditBudgetExceededError);
    expect(server.log).toHaveLength(7);
    expect(items).toEqual(server.dataset.slice(0, 70));
    expect(c.credits).toEqual({ requests: 7, retries: 0, charged: 7, remaining: 0 });
  });

  it("aborting mid-iteration stops at once, without waiting for the pages in flight, and sends nothing more", async () => {
    // Pages past the third take 10 s: a walk that waited for one would take that long.
    server = await startPagedServer({
      items: 1000,
      latencyMs: (page) => (page <= 3 ? 100 : 10_000),
    });
    const controller = new AbortController();
    let seen = 0;
    // Counted where requests start: the server, in this busy process, may read a request that
    // was on the wire before the abort after it.
    let started = 0;
    const counting: typeof fetch = (input, init) => (started++, fetch(input, init));
    const run = (async () => {
      for await (const _ of client(server!, { fetch: counting }).paginate(REVIEWS, {
        query: { product_id: "p1" },
        signal: controller.signal,
      })) {
        if (++seen === 25) setTimeout(() => controller.abort(), 30); // mid-request of page 4
      }
    })();
    const error = await new Promise<{ error: unknown; ms: number }>((resolve) => {
      controller.signal.addEventListener("abort", () => {
        const t = performance.now();
        run.catch((e) => resolve({ error: e, ms: performance.now() - t }));
      });
    });
    // Far below the 10 s a page in flight takes, on any machine: the abort did not wait for one.
    expect(error.ms).toBeLessThan(5_000);
    expect((error.error as Error).name).toBe("AbortError");
    const sent = started;
    await new Promise((r) => setTimeout(r, 250));
    expect(started).toBe(sent);
    // The pages yielded, and at most one window (the default cap) asked for after them.
    expect(sent).toBeLessThanOrEqual(3 + DEFAULT_CONCURRENCY);
  });

  it(
    "a walk of 3,000 pages under one signal piles up no abort listeners",
    { timeout: 60_000 },
    async () => {
      // A Request built with the walk's signal adds a listener to it per page, dropped only when
      // the Request is collected: Node then warns past 1,500 listeners on one signal.
      server = await startPagedServer({ items: 30_000 });
      const warnings: string[] = [];
      const onWarning = (w: Error) => warnings.push(w.name);
      process.on("warning", onWarning);
      try {
        const controller = new AbortController();
        const walk = client(server).paginate(REVIEWS, {
          query: { product_id: "p1" },
          signal: controller.signal,
        });
        expect(await collect(walk)).toHaveLength(30_000);
        await new Promise((r) => setTimeout(r, 50)); // warnings are emitted on a later tick
        expect(warnings.filter((w) => w === "MaxListenersExceededWarning")).toEqual([]);
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      } finally {
        process.off("warning", onWarning);
      }
    },
  );

  it("yields pages in order even when answers come back out of order", async () => {
    server = await startPagedServer({ items: 333, latencyMs: 5, jitterMs: 40 });
    const walk = client(server).paginate(REVIEWS, { query: { product_id: "p1" }, concurrency: 6 });
    const pages = await collect(walk.pages());
    expect(pages.map((p) => p.page)).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));
    expect(pages.flatMap((p) => p.items)).toEqual(server.dataset);
    expect(server.inFlightMax).toBeGreaterThan(1);
    expect(server.inFlightMax).toBeLessThanOrEqual(6);
  });

  // [dataset size, requests at most, requests past the end at most]
  it.each([
    ["one short page costs one request", 7, 1, 0],
    ["an empty result costs one request", 0, 1, 0],
    ["two pages: 1, then 2 in flight (one past the end)", 15, 3, 1],
    ["four pages: 1, 2, then 4 in flight: at most 3 past the end", 35, 7, 3],
    ["ten pages: 1, 2, 4, 8, then 10 in flight: at most 9 past the end", 95, 19, 9],
  ])(
    // In flight at most the pages seen + 1: every page launched is a page seen or one in flight.
    "the window widens 1, 2, 4… (the pages seen + 1): %s",
    async (_name, items, most, pastEnd) => {
      server = await startPagedServer({ items });
      const walk = client(server).paginate(REVIEWS, { query: { product_id: "p1" } });
      expect(await collect(walk)).toEqual(server.dataset);
      expect(server.log.length).toBeLessThanOrEqual(most);
      expect(walk.stats.pastEnd).toBeLessThanOrEqual(pastEnd);
    },
  );

  it("maxCredits holds with any concurrency: exactly N requests reach the server", async () => {
    server = await startPagedServer({ items: 1000, jitterMs: 10 });
    const c = client(server, { maxCredits: 13 });
    const walk = c.paginate(REVIEWS, { query: { product_id: "p1" }, concurrency: 8 });
    const error = await collect(walk).catch((e) => e);
    expect(error).toBeInstanceOf(CreditBudgetExceededError);
    expect(server.log).toHaveLength(13);
    expect(walk.stats.items).toBe(130);
  });

  it("an item seen on the page before (a live list shifted) is yielded once and counted", async () => {
    // After the first request a new review appears at the head: every later page shifts by one,
    // so page 2 starts with the last item of page 1.
    server = await startPagedServer({ items: 50, insertAfter: 1 });
    const walk = client(server).paginate(REVIEWS, { query: { product_id: "p1" }, concurrency: 1 });
    const items = (await collect(walk)) as { review_id: string }[];
    const ids = items.map((i) => i.review_id);
    // Only page 2 overlaps page 1 (by its first item): the 50 items once, one duplicate.
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(ids.length);
    expect(walk.stats.duplicates).toBe(1);
    expect(ids).toContain("r00049");
  });

  it.each([0, 1.5, -1, Infinity])(
    "concurrency %s is refused when iterated",
    async (concurrency) => {
      server = await startPagedServer({ items: 10 });
      const walk = client(server).paginate(REVIEWS, { query: { product_id: "p1" }, concurrency });
      await expect(collect(walk)).rejects.toThrow(/concurrency: must be a whole number ≥ 1/);
      expect(server.log).toHaveLength(0);
    },
  );

  // A walk plans with the page number and size it is given: one its check refuses (from plain
  // JS, or a query parsed from JSON) once made a walk that never ended.
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["page_num as a string", { page_num: "38" }, /page_num: expected integer, got "38"/],
    ["page_num as a string, first page", { page_num: "1" }, /page_num: expected integer/],
    ["page_num 0", { page_num: 0 }, /page_num: must be ≥ 1/],
    ["page_size as a string", { page_size: "10" }, /page_size: expected integer/],
  ])("%s is refused when iterated, nothing sent", async (_name, extra, message) => {
    server = await startPagedServer({ items: 500 });
    const walk = client(server).paginate(REVIEWS, {
      query: { product_id: "p1", ...extra } as never,
    });
    const error = await collect(walk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect((error as Error).message).toMatch(message);
    expect(server.log).toHaveLength(0);
  });

  it("a stalled page holds the walk's speculation at the pages seen, early arrivals counted", async () => {
    // Page 3 answers after 400 ms, then fails for good; every other page in 5 ms.
    server = await startPagedServer({
      items: 5000,
      latencyMs: (page) => (page === 3 ? 400 : 5),
      failPage: { page: 3, times: 1e9 },
    });
    const walk = client(server, { maxRetries: 0 }).paginate(REVIEWS, {
      query: { product_id: "p1" },
    });
    await expect(collect(walk)).rejects.toThrow(/HTTP 503/);
    // Two pages seen before page 3: at most two asked past it (before: 120 bought and held).
    expect(server.log.filter((r) => r.page > 3).length).toBeLessThanOrEqual(2);
  });

  it("refuses a path without x-pagination with a clear error, when iterated (plain JS)", async () => {
    const c = createKeyApiClient({ apiKey: KEY });
    const walk = c.paginate("/v1/tiktok/user/info" as never, { query: {} } as never);
    const error = await (async () => {
      for await (const _ of walk) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect((error as Error).message).toMatch(/not paginated/);
  });
});
