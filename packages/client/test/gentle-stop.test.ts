import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidParamsError } from "../src/index.js";
import { KEY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer } from "./support/paged-server.js";

// `stop` ends a walk without throwing away what was bought: the pages already asked for are
// awaited and yielded, where `signal` cancels them (a CLI's first and second Ctrl-C).

let server: PagedServer | undefined;
afterEach(() => server?.close());

const client = (url: string) => createKeyApiClient({ apiKey: KEY, baseUrl: url, logLevel: "off" });

/**
 * Ends the walk (`end`) once the server has been asked for `n` more pages than the walk has
 * yielded, watched beside the loop: a walk asks for nothing while its consumer holds a page.
 */
async function endWhenAhead(s: PagedServer, yielded: () => number, n: number, end: () => void) {
  for (let i = 0; i < 2000 && s.log.length < yielded() + n; i++)
    await new Promise((r) => setTimeout(r, 2));
  expect(s.log.length).toBeGreaterThanOrEqual(yielded() + n);
  end();
}

describe("a walk stopped gently yields every page it asked for", () => {
  // [how the walk is ended, whether every page asked for is yielded]
  it.each([
    ["stop", true],
    ["signal", false],
  ] as const)("ended by %s mid-walk: every page asked for yielded: %s", async (how, whole) => {
    // Pages past the second answer slowly: several are in flight when the walk is ended.
    server = await startPagedServer({ items: 1000, latencyMs: (p) => (p <= 2 ? 0 : 150) });
    const ender = new AbortController();
    const reason = new Error("enough");
    const walk = client(server.url).paginate(REVIEWS, {
      query: { product_id: "p" },
      concurrency: 8,
      [how]: ender.signal,
    });
    const pages: number[] = [];
    const error = await (async () => {
      for await (const page of walk.pages()) {
        pages.push(page.page);
        expect(page.items).toHaveLength(10);
        if (pages.length === 1)
          void endWhenAhead(
            server!,
            () => pages.length,
            3,
            () => ender.abort(reason),
          );
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe(reason);
    const asked = server.log.length;
    if (whole) {
      // Every page bought is yielded, in page order, and nothing was asked after the stop.
      expect(pages).toEqual(Array.from({ length: asked }, (_, i) => i + 1));
      expect(pages.length).toBeGreaterThanOrEqual(4);
    } else expect(pages).toEqual([1, 2].slice(0, pages.length));
    // Nothing more is sent once the walk has ended.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.log).toHaveLength(asked);
  });

  it("paginateEach: the products begun finish their pages in flight; no product is begun after", async () => {
    server = await startPagedServer({
      latencyMs: (p) => (p <= 1 ? 0 : 150),
      sizeOf: () => 100,
    });
    const stop = new AbortController();
    const each = ["a", "b", "c", "d", "e", "f"].map((product_id) => ({ query: { product_id } }));
    const walk = client(server.url).paginateEach(REVIEWS, {
      each,
      concurrency: 4,
      stop: stop.signal,
    });
    const got: { product: string; page: number }[] = [];
    let begun: string[] = [];
    const error = await (async () => {
      for await (const page of walk.pages()) {
        if ("error" in page) throw page.error;
        got.push({ product: each[page.entity]!.query.product_id, page: page.page });
        if (got.length === 1)
          void endWhenAhead(
            server!,
            () => got.length,
            3,
            () => {
              begun = [...new Set(server!.log.map((r) => r.product))];
              stop.abort("stopped");
            },
          );
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe("stopped");
    // Every request the server answered is a page the walk yielded, of a product begun before.
    const asked = server.log.map((r) => `${r.product}:${r.page}`).sort();
    expect(got.map((g) => `${g.product}:${g.page}`).sort()).toEqual(asked);
    expect(new Set(server.log.map((r) => r.product))).toEqual(new Set(begun));
    expect(begun.length).toBeLessThan(each.length);
  });

  // [walk, products, pages each]: stopped once every page there is was asked for.
  it.each([
    ["paginate", ["p"], 3],
    ["paginateEach", ["a", "b"], 3],
  ] as const)(
    "%s stopped while its last pages are in flight ends as finished: every item once, no error",
    async (how, products, pages) => {
      // 25 items: pages of 10, 10 and 5; every page after the first answers slowly.
      server = await startPagedServer({ latencyMs: (p) => (p <= 1 ? 0 : 150), sizeOf: () => 25 });
      const stop = new AbortController();
      const c = client(server.url);
      const each = products.map((product_id) => ({ query: { product_id } }));
      const walk =
        how === "paginate"
          ? c.paginate(REVIEWS, { query: each[0]!.query, concurrency: 8, stop: stop.signal })
          : c.paginateEach(REVIEWS, { each, concurrency: 8, stop: stop.signal });
      const items: string[] = [];
      let yielded = 0;
      const all = products.length * pages;
      const error = await (async () => {
        for await (const page of walk.pages()) {
          if ("error" in page) throw page.error;
          const product = "entity" in page ? products[page.entity]! : products[0]!;
          for (const item of page.items)
            items.push(`${product}:${(item as { review_id: string }).review_id}`);
          if (++yielded === 1)
            void endWhenAhead(
              server!,
              () => all,
              0,
              () => stop.abort("stopped"),
            );
        }
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(stop.signal.aborted).toBe(true);
      expect(error).toBeUndefined();
      expect(server.log).toHaveLength(all);
      expect(items).toHaveLength(25 * products.length);
      expect(new Set(items).size).toBe(items.length);
    },
  );

  // [case, when the walk is stopped]. 25 items, pages of 10: the key pays for two requests, and
  // page 3's 402 comes while pages 4 and 5, asked ahead, are in flight.
  it.each([
    ["no stop", undefined],
    ["a stop once page 3 is asked for", 3],
  ] as const)(
    "credits exhausted on the last page, %s: the walk throws the 402, never ends as finished",
    async (_case, stopAt) => {
      server = await startPagedServer({ items: 25, latencyMs: 100, paidRequests: 2 });
      const stop = new AbortController();
      const walk = client(server.url).paginate(REVIEWS, {
        query: { product_id: "p" },
        concurrency: 8,
        stop: stop.signal,
      });
      const items: unknown[] = [];
      if (stopAt !== undefined)
        void endWhenAhead(
          server,
          () => 0,
          stopAt,
          () => stop.abort("stopped"),
        );
      const error = await (async () => {
        for await (const item of walk) items.push(item);
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ status: 402 });
      expect(items).toHaveLength(20);
      expect(server.log.map((r) => r.page).slice(0, 3)).toEqual([1, 2, 3]);
    },
  );

  // [case, the stop signal given, the error]
  it.each<[string, () => unknown, (e: unknown) => void]>([
    ["a stop already aborted", () => AbortSignal.abort("before"), (e) => expect(e).toBe("before")],
    [
      "a stop that is no AbortSignal",
      () => ({ aborted: false }),
      (e) => {
        expect(e).toBeInstanceOf(InvalidParamsError);
        expect((e as Error).message).toMatch(/stop must be an AbortSignal/);
      },
    ],
  ])("%s: nothing is sent", async (_name, stop, check) => {
    server = await startPagedServer();
    const walk = client(server.url).paginate(REVIEWS, {
      query: { product_id: "p" },
      stop: stop() as AbortSignal,
    });
    const error = await (async () => {
      for await (const _ of walk) void _;
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    check(error);
    expect(server.log).toHaveLength(0);
  });

  it("the signal still cancels at once a walk that is stopping", async () => {
    server = await startPagedServer({ items: 1000, latencyMs: (p) => (p <= 2 ? 0 : 5_000) });
    const stop = new AbortController();
    const cancel = new AbortController();
    const walk = client(server.url).paginate(REVIEWS, {
      query: { product_id: "p" },
      concurrency: 8,
      stop: stop.signal,
      signal: cancel.signal,
    });
    const pages: number[] = [];
    const error = await (async () => {
      for await (const page of walk.pages()) {
        pages.push(page.page);
        // The pages in flight take 5 s: the second stop does not wait for them.
        if (pages.length === 2)
          void endWhenAhead(
            server!,
            () => pages.length,
            2,
            () => {
              stop.abort("gently");
              setTimeout(() => cancel.abort("now"), 50);
            },
          );
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe("now");
    expect(pages).toEqual([1, 2]);
  });
});
