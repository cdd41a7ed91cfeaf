import { describe, expect, it } from "vitest";
import { createKeyApiClient, type KeyApiClientOptions } from "../src/index.js";
import { takesDirectRoad } from "../src/core/direct-road.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";

// `get` with no middleware sends its request itself (no Request, no Response); with one, it goes
// through openapi-fetch. The two roads must put the same request on the wire.

describe("takesDirectRoad", () => {
  // [options of the call, a middleware registered on the client, direct]
  it.each<[object, boolean, boolean]>([
    [{}, false, true],
    [{ query: QUERY, path: {} }, false, true],
    [
      { signal: new AbortController().signal, timeoutMs: 5, deadlineMs: 9, maxRetries: 0 },
      false,
      true,
    ],
    [{ query: QUERY }, true, false],
    [{}, true, false],
    [{ timeoutMs: 5 }, true, false],
    // Options openapi-fetch reads, passed from plain JS: its road, so they keep their effect.
    [{ query: QUERY, headers: { "x-a": "1" } }, false, false],
    [{ middleware: [] }, false, false],
    [{ parseAs: "text" }, false, false],
    [{ baseUrl: "http://127.0.0.1:1" }, false, false],
    [{ fetch }, false, false],
  ])("%o, middleware registered %s: direct %s", (options, middlewareSeen, direct) => {
    expect(takesDirectRoad(options, middlewareSeen)).toBe(direct);
  });
});

/** What a caller's fetch is handed, as plain data. */
async function seenBy(options: KeyApiClientOptions, query: object, viaMiddleware: boolean) {
  const seen: unknown[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const headers = [...new Headers(init?.headers).entries()];
    seen.push({
      url: String(url),
      method: init?.method,
      headers,
      body: init?.body,
      redirect: init?.redirect,
    });
    return new Response(
      JSON.stringify({ code: 0, message: "ok", data: [{ n: 1 }], requestId: "r" }),
      {
        headers: { "content-type": "application/json" },
      },
    );
  }) as typeof globalThis.fetch;
  const client = createKeyApiClient({ ...options, fetch });
  // A middleware that does nothing still sends `get` through openapi-fetch.
  if (viaMiddleware) client.use({ onRequest: () => undefined });
  const data = await client.get(REVIEWS, { query: query as typeof QUERY });
  return { seen, data };
}

describe("both roads send the same request and read the same answer", () => {
  // [case, client options, query]
  it.each<[string, KeyApiClientOptions, object]>([
    ["defaults", { apiKey: KEY }, QUERY],
    [
      "extra headers, any case",
      { apiKey: KEY, headers: { "X-Team": "growth", Accept: "application/json" } },
      QUERY,
    ],
    [
      "a base with a trailing slash and a path",
      { apiKey: KEY, baseUrl: "https://api.keyapi.ai/proxy/" },
      QUERY,
    ],
    [
      "an upper-case host and the default port",
      { apiKey: KEY, baseUrl: "https://API.KeyAPI.ai:443" },
      QUERY,
    ],
    ["no key, a backend that adds it", { baseUrl: "http://127.0.0.1:9" }, QUERY],
    [
      "values a URL parser re-encodes",
      { apiKey: KEY },
      { ...QUERY, product_id: "a b'c&d=e/é#f?g" },
    ],
    [
      "optional parameters left out",
      { apiKey: KEY },
      { product_id: "1", page_num: 2, page_size: 5 },
    ],
  ])("%s", async (_case, options, query) => {
    const direct = await seenBy(options, query, false);
    const viaOpenapiFetch = await seenBy(options, query, true);
    expect(direct.seen).toHaveLength(1);
    expect(direct).toEqual(viaOpenapiFetch);
    expect(direct.data).toEqual([{ n: 1 }]);
  });
});
