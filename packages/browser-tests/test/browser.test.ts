import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createKeyApiClient } from "@keyapi-tiktok/client";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { launchChromium } from "./support/chromium.js";
import { startPageServer, type PageServer } from "./support/page-server.js";

const REVIEWS = "/v1/tiktok/product/reviews/analytics";
/** The client module as the page loaded it (its built ESM, through the import map). */
type Api = typeof import("@keyapi-tiktok/client");
const ITEMS = 25;

let browser: Browser;
let mock: MockServer;
let site: PageServer;
beforeAll(async () => {
  browser = await launchChromium();
  console.log(`headless Chromium ${browser.version()}`);
  mock = await startMockServer({ datasetSize: ITEMS });
  site = await startPageServer({ url: mock.url, key: mock.testKey });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await mock?.close();
  await site?.close();
});

/** A fresh page of the test site; `requests` is every URL the page asked for. */
async function openPage(): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (r) => void requests.push(r.url()));
  await page.goto(`${site.origin}/`);
  await page.waitForFunction(() => "keyapi" in window);
  return { page, requests };
}

/** The same walk from Node, for an exact comparison. */
async function idsFromNode(product: string): Promise<string[]> {
  const client = createKeyApiClient({ apiKey: mock.testKey, baseUrl: mock.url });
  const ids: string[] = [];
  for await (const r of client.paginate(REVIEWS, { query: { product_id: product } }))
    ids.push(r.review_id!);
  return ids;
}

describe("in a real browser: safe by default", () => {
  it.each([
    ["a key in the page", { apiKey: "sk_test_visible_to_all", baseUrl: "MOCK" }],
    ["KeyAPI itself, with no key", {}],
  ])(
    "%s is refused before any request, naming dangerouslyAllowBrowser and the proxy",
    async (_c, options) => {
      const { page, requests } = await openPage();
      const before = mock.stats.requests;
      const message = await page.evaluate(
        async (o) => {
          const { createKeyApiClient } = (window as unknown as { keyapi: Api }).keyapi;
          try {
            createKeyApiClient(o);
            return "created";
          } catch (error) {
            return (error as Error).message;
          }
        },
        JSON.parse(JSON.stringify(options).replace('"MOCK"', JSON.stringify(mock.url))),
      );
      expect(message).toMatch(/dangerouslyAllowBrowser: true/);
      expect(message).toMatch(/Point `baseUrl` at your own backend/);
      // Nothing but the page's own files was fetched, and the API saw nothing.
      expect(requests.filter((u) => !u.startsWith(site.origin))).toEqual([]);
      expect(mock.stats.requests).toBe(before);
      await page.context().close();
    },
  );

  it("a dedicated worker is a browser too", async () => {
    const { page } = await openPage();
    const answer = await page.evaluate(
      (origin) =>
        new Promise<string>((resolve) => {
          const worker = new Worker(`${origin}/worker-bundle.js`, { type: "module" });
          worker.onmessage = (e) => resolve(e.data as string);
          worker.postMessage("go");
        }),
      site.origin,
    );
    expect(answer).toMatch(/^refused: .*dangerouslyAllowBrowser/);
    await page.context().close();
  });

  it("the proxy pattern: no key in the page, no Authorization header on the wire", async () => {
    const { page } = await openPage();
    site.proxied.length = 0;
    const ids = await page.evaluate(
      async ({ origin, path }) => {
        const { createKeyApiClient } = (window as unknown as { keyapi: Api }).keyapi;
        // The team's backend adds the key; the page has none and needs no flag.
        const client = createKeyApiClient({ baseUrl: `${origin}/keyapi` });
        const ids: string[] = [];
        for await (const r of client.paginate(
          path as never,
          { query: { product_id: "11" } } as never,
        ))
          ids.push((r as { review_id: string }).review_id);
        return ids;
      },
      { origin: site.origin, path: REVIEWS },
    );
    expect(ids).toEqual(await idsFromNode("11"));
    expect(site.proxied.length).toBeGreaterThanOrEqual(3);
    for (const headers of site.proxied) expect(headers.authorization).toBeUndefined();
    await page.context().close();
  });
});

describe("in a real browser, with dangerouslyAllowBrowser", () => {
  it("get and paginate reach the mock on another origin (CORS preflights answered)", async () => {
    const { page } = await openPage();
    const out = await page.evaluate(
      async ({ base, key, path }) => {
        const { createKeyApiClient } = (window as unknown as { keyapi: Api }).keyapi;
        const client = createKeyApiClient({
          apiKey: key,
          baseUrl: base,
          dangerouslyAllowBrowser: true,
        });
        const query = { product_id: "7", page_num: 1, page_size: 10 };
        const first = (await client.get(path as never, { query } as never)) as unknown[];
        const ids: string[] = [];
        for await (const r of client.paginate(
          path as never,
          { query: { product_id: "7" } } as never,
        ))
          ids.push((r as { review_id: string }).review_id);
        return { first: first.length, ids, origin: location.origin };
      },
      { base: mock.url, key: mock.testKey, path: REVIEWS },
    );
    expect(out.origin).not.toBe(new URL(mock.url).origin); // cross-origin for real
    expect(out.first).toBe(10);
    expect(out.ids).toEqual(await idsFromNode("7"));
    await page.context().close();
  });

  it("a mock that does not list the page's origin is refused by the browser", async () => {
    const strict = await startMockServer({
      datasetSize: ITEMS,
      corsOrigins: ["http://127.0.0.1:1"],
    });
    const { page } = await openPage();
    const name = await page.evaluate(
      async ({ base, key, path }) => {
        const { createKeyApiClient } = (window as unknown as { keyapi: Api }).keyapi;
        const client = createKeyApiClient({
          apiKey: key,
          baseUrl: base,
          dangerouslyAllowBrowser: true,
          maxRetries: 0,
        });
        const query = { product_id: "7", page_num: 1, page_size: 10 };
        return client.get(path as never, { query } as never).then(
          () => "answered",
          (e: Error) => e.name,
        );
      },
      { base: strict.url, key: strict.testKey, path: REVIEWS },
    );
    expect(name).toBe("ConnectionError");
    await strict.close();
    await page.context().close();
  });
});

describe("MSW in the page's service worker: no server at all", () => {
  it("@keyapi-tiktok/mock/msw answers the client's calls to KeyAPI's own host", async () => {
    const context = await browser.newContext();
    // Anything that reached the network for KeyAPI would be counted (and fail: no internet).
    let network = 0;
    await context.route("https://api.keyapi.ai/**", (route) => {
      network++;
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${site.origin}/`);
    await page.addScriptTag({ url: "/page-bundle.js", type: "module" });
    await page.waitForFunction(() => "setupWorker" in globalThis);
    const out = await page.evaluate(
      async ({ items, path }) => {
        const g = globalThis as unknown as Record<string, (...a: unknown[]) => any>;
        const worker = g.setupWorker!(...g.createMockHandlers!({ datasetSize: items }));
        await worker.start({
          serviceWorker: { url: "/mockServiceWorker.js" },
          onUnhandledRequest: "error",
          quiet: true,
        });
        const client = g.createKeyApiClient!({
          apiKey: "sk_test_in_the_page",
          dangerouslyAllowBrowser: true,
        });
        const ids: string[] = [];
        for await (const r of client.paginate(path, { query: { product_id: "7" } }))
          ids.push((r as { review_id: string }).review_id);
        return { ids, controlled: navigator.serviceWorker.controller !== null };
      },
      { items: ITEMS, path: REVIEWS },
    );
    expect(out.controlled).toBe(true);
    // Same seed, same data: MSW's answers are the mock server's.
    expect(out.ids).toEqual(await idsFromNode("7"));
    expect(network).toBe(0);
    await context.close();
  });
});
