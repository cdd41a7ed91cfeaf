import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, type KeyApiClient } from "../src/index.js";
import { inFlightFor } from "../src/core/pace.js";
import { KEY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer } from "./support/paged-server.js";
import { startScriptedServer, reply } from "./support/scripted-server.js";

/** A server that answers every request 401, counting them. */
async function startKeyRefusingServer() {
  const s = await startScriptedServer([reply.error(401, "apiKey is invalid")]);
  return { url: s.url, requests: () => s.received.length, close: () => s.close() };
}

// The main job against a loopback key at its limit: throttling never fails a pull, a walk that
// ends sends nothing after, and many products share one window.

let server: PagedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const settle = () => new Promise((r) => setTimeout(r, 300));

describe("no 429 fails a pull", () => {
  it("32 walks at once on one default client against a 20-a-second key: every item once", async () => {
    server = await startPagedServer({
      qps: 20,
      latencyMs: 30,
      sizeOf: (p) => 25 + Number(p.slice(1)),
    });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const products = Array.from({ length: 32 }, (_, i) => `p${i}`);
    const results = await Promise.all(
      products.map(async (product) => {
        const ids: string[] = [];
        for await (const r of client.paginate(REVIEWS, { query: { product_id: product } }))
          ids.push(r.review_id!);
        return ids;
      }),
    );
    results.forEach((ids, i) => {
      const want = Array.from({ length: 25 + i }, (_, k) => `p${i}-${k}`);
      expect(ids).toEqual(want);
    });
    // The key said no many times: none of it reached the caller.
    expect(server.log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  }, 120_000);

  it("a key throttled for good ends with RateLimitError after retry.maxRateLimitRetries", async () => {
    server = await startPagedServer({ qps: 0 });
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRateLimitRetries: 4 },
      rateLimit: false,
      logLevel: "off",
    });
    const error = await client
      .get(REVIEWS, { query: { product_id: "p", page_num: 1, page_size: 10 } })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("RateLimitError");
    expect(server.log).toHaveLength(5);
  });
});

describe("nothing leaves after a walk ends", () => {
  /** Runs a walk to its end and counts the requests that reach the server after it. */
  async function arrivalsAfter(walk: (c: KeyApiClient) => Promise<unknown>) {
    // When each request is handed to the network: the exact moment a page "leaves".
    const sentAt: number[] = [];
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server!.url,
      fetch: (input, init) => (sentAt.push(Date.now()), fetch(input, init)),
      // A slow key: pages queue for their turn, the case where a queued page could leave late.
      rateLimit: { requestsPerSecond: 40 },
      logLevel: "off",
    });
    await walk(client).catch(() => undefined);
    const ended = Date.now();
    await settle();
    // Handed to the network after the end (exact), and arrived at the server well after it (a
    // request sent just before the end may still be crossing loopback on a busy machine).
    const leftAfter = sentAt.filter((t) => t > ended).length;
    const arrivedAfter = server!.log.filter((r) => r.at > ended + 100).length;
    return leftAfter + arrivedAfter;
  }
  // [how the walk ends, the walk]
  it.each<[string, (c: KeyApiClient) => Promise<unknown>]>([
    [
      "its last page",
      async (c) => {
        for await (const _ of c.paginate(REVIEWS, { query: { product_id: "p" } }));
      },
    ],
    [
      "break",
      async (c) => {
        let n = 0;
        for await (const _ of c.paginate(REVIEWS, { query: { product_id: "p" } }))
          if (++n === 35) break;
      },
    ],
    [
      "limit",
      async (c) => {
        for await (const _ of c.paginate(REVIEWS, { query: { product_id: "p" }, limit: 45 }));
      },
    ],
    [
      "an abort",
      async (c) => {
        const controller = new AbortController();
        let n = 0;
        for await (const _ of c.paginate(REVIEWS, {
          query: { product_id: "p" },
          signal: controller.signal,
        }))
          if (++n === 25) controller.abort();
      },
    ],
    [
      "an error (the consumer throws)",
      async (c) => {
        for await (const _ of c.paginate(REVIEWS, { query: { product_id: "p" } }))
          throw new Error("x");
      },
    ],
  ])("%s: 0 arrivals after", async (_name, walk) => {
    server = await startPagedServer({ items: 200, latencyMs: 20, jitterMs: 10 });
    expect(await arrivalsAfter(walk)).toBe(0);
  });
});

describe("paginateEach: many products under one window", () => {
  it("each product's reviews in page order, tagged; a bad product is reported and the rest go on", async () => {
    server = await startPagedServer({
      latencyMs: 10,
      jitterMs: 10,
      sizeOf: (p) => (Number(p.slice(1)) * 7) % 43,
      badProducts: ["p5"],
    });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const each = Array.from({ length: 40 }, (_, i) => ({ query: { product_id: `p${i}` } }));
    const got = new Map<number, string[]>();
    const failed: number[] = [];
    for await (const page of client.paginateEach(REVIEWS, { each }).pages()) {
      if ("error" in page) {
        failed.push(page.entity);
        expect((page.error as Error).name).toBe("BadRequestError");
        continue;
      }
      expect(page.params).toBe(each[page.entity]);
      got.set(page.entity, [
        ...(got.get(page.entity) ?? []),
        ...page.items.map((r) => r.review_id!),
      ]);
    }
    expect(failed).toEqual([5]);
    for (let i = 0; i < 40; i++) {
      if (i === 5) continue;
      const n = (i * 7) % 43;
      expect(got.get(i) ?? [], `p${i}`).toEqual(Array.from({ length: n }, (_, k) => `p${i}-${k}`));
    }
  });

  it("the item iterator tags each item with its entity, and throws the first failure", async () => {
    server = await startPagedServer({ sizeOf: () => 12, badProducts: ["bad"] });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const tagged: string[] = [];
    for await (const { params, item } of client.paginateEach(REVIEWS, {
      each: [{ query: { product_id: "a" } }, { query: { product_id: "b" } }],
    }))
      tagged.push(`${params.query.product_id}:${item.review_id}`);
    expect(tagged.filter((t) => t.startsWith("a:"))).toHaveLength(12);
    expect(tagged.every((t) => t.startsWith(`${t[0]}:${t[0]}-`))).toBe(true);
    const walk = client.paginateEach(REVIEWS, { each: [{ query: { product_id: "bad" } }] });
    await expect(
      (async () => {
        for await (const _ of walk);
      })(),
    ).rejects.toThrow(/product_id/);
  });
});

describe("what a walk buys is bounded by what it has seen", () => {
  it("a walk resumed at page 40 asks ahead as one that has seen nothing: a page or two past the end", async () => {
    server = await startPagedServer({ items: 395, latencyMs: 20 });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const walk = client.paginate(REVIEWS, { query: { product_id: "p", page_num: 40 } });
    const items: unknown[] = [];
    for await (const r of walk) items.push(r);
    expect(items).toHaveLength(5);
    // Page 40 is the last (5 items): at most the one page it had seen may go past it.
    expect(server.log.filter((r) => r.page > 40).length).toBeLessThanOrEqual(1);
  });

  it("12,000 entities with no page to ask for: nothing sent, no stack overflow", async () => {
    server = await startPagedServer({ items: 10 });
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const each = Array.from({ length: 12_000 }, (_, i) => ({ query: { product_id: `p${i}` } }));
    const pages: unknown[] = [];
    for await (const page of client.paginateEach(REVIEWS, { each, maxPages: 0 }).pages())
      pages.push(page);
    expect(pages).toEqual([]);
    expect(server.log).toHaveLength(0);
  });
});

describe("an error every entity would meet ends a many-entity walk, after what it bought", () => {
  it("a key refused (401) for 300 products: one window's requests, not 300, then the error", async () => {
    server = await startPagedServer({ sizeOf: () => 5, badProducts: [] });
    const refusing = await startKeyRefusingServer();
    try {
      const client = createKeyApiClient({
        apiKey: KEY,
        baseUrl: refusing.url,
        logLevel: "off",
      });
      const each = Array.from({ length: 300 }, (_, i) => ({ query: { product_id: `p${i}` } }));
      const walk = client.paginateEach(REVIEWS, { each, concurrency: 16 }).pages();
      const error = await (async () => {
        for await (const _ of walk);
      })().catch((e: unknown) => e);
      expect((error as Error).name).toBe("AuthenticationError");
      expect(refusing.requests()).toBeLessThanOrEqual(16);
    } finally {
      await refusing.close();
    }
  });

  it("maxCredits reached: every page it paid for is yielded before CreditBudgetExceededError", async () => {
    server = await startPagedServer({ sizeOf: () => 25, latencyMs: 10, jitterMs: 10 });
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxCredits: 40,
      logLevel: "off",
    });
    const each = Array.from({ length: 100 }, (_, i) => ({ query: { product_id: `p${i}` } }));
    let pages = 0;
    const error = await (async () => {
      for await (const page of client.paginateEach(REVIEWS, { each }).pages())
        if (!("error" in page)) pages++;
    })().catch((e: unknown) => e);
    expect((error as Error).name).toBe("CreditBudgetExceededError");
    const served = server.log.filter((r) => r.status === 200).length;
    expect(served).toBeLessThanOrEqual(40);
    // Every answered page reached the caller, except pages of an entity past its failure.
    expect(pages).toBeGreaterThanOrEqual(served - 16);
  });
});

describe("in flight by Little's law: rate × latency, plus one", () => {
  // [rate a second, latency ms, pages worth in flight]
  it.each<[number, number | undefined, number]>([
    [20, 250, 6],
    [20, 1500, 31],
    [5, 100, 2],
    [Infinity, 250, Infinity],
    [20, undefined, Infinity],
  ])("%s/s at %s ms → %s", (rate, latency, want) => {
    expect(inFlightFor(rate, latency)).toBe(want);
  });
});
