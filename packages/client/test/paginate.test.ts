import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, CreditBudgetExceededError, InvalidParamsError } from "../src/index.js";
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
      server = await startPagedServer({ items: 1000, failPage });
      const c = client(server);
      const items = await collect(c.paginate(REVIEWS, { query: { product_id: "p1" } }));
      expect(items).toEqual(server.dataset); // order, no duplicate, none missing
      // 100 full pages, then an empty 101st that ends the walk.
      expect(server.log).toHaveLength(requests);
      expect(c.credits).toMatchObject({ requests, retries: requests - 101, charged: 101 });
    },
  );

  it.each([
    ["limit", { limit: 25 }, 25, 3],
    ["maxPages", { maxPages: 2 }, 20, 2],
    ["a start page and size", { query: { product_id: "p1", page_num: 99, page_size: 5 } }, 10, 3],
  ])("stops at %s", async (_name, extra, itemCount, requests) => {
    server = await startPagedServer({ items: 500 });
    const items = await collect(
      client(server).paginate(REVIEWS, { query: { product_id: "p1" }, ...extra }),
    );
    expect(items).toHaveLength(itemCount);
    expect(server.log).toHaveLength(requests);
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

  it("aborting mid-iteration stops within 50 ms and sends nothing more", async () => {
    server = await startPagedServer({ items: 1000, latencyMs: 100 });
    const controller = new AbortController();
    let seen = 0;
    const run = (async () => {
      for await (const _ of client(server!).paginate(REVIEWS, {
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
    expect(error.ms).toBeLessThan(50);
    expect((error.error as Error).name).toBe("AbortError");
    const sent = server.log.length;
    await new Promise((r) => setTimeout(r, 250));
    expect(server.log.length).toBe(sent);
    expect(sent).toBe(4);
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
