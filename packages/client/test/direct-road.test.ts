import { describe, expect, it } from "vitest";
import { createKeyApiClient, type KeyApiClientOptions } from "../src/index.js";
import { takesDirectRoad } from "../src/core/direct-road.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { clientsOnBothRoads } from "./support/roads.js";
import { reply, serverPerTest } from "./support/scripted-server.js";

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

// The runtime's fetch gets the URL as built, not normalised (it parses it itself), and `get` reads
// the body as text, not bytes: what reaches the server and what the caller gets must not change.
describe("with the runtime's fetch, on a real server: both roads agree on the wire", () => {
  const servers = serverPerTest();

  // [case, the base URL as the client is given it ({origin} is the server's), query]
  it.each<[string, string, object]>([
    ["defaults", "{origin}", QUERY],
    ["a base with a trailing slash and a path", "{origin}/proxy/", QUERY],
    ["a path a URL parser shortens", "{origin}/a/../proxy/./x", QUERY],
    [
      "values a URL parser re-encodes",
      "{origin}",
      { ...QUERY, product_id: "a b'c&d=e/é#f?g^|{}`<>\"" },
    ],
    ["optional parameters left out", "{origin}", { product_id: "1", page_num: 2, page_size: 5 }],
  ])("%s", async (_case, baseTemplate, query) => {
    const server = await servers.start([reply.ok()]);
    const baseUrl = baseTemplate.replace("{origin}", server.url);
    for (const client of clientsOnBothRoads({ baseUrl }))
      await client.get(REVIEWS, { query: query as typeof QUERY });
    const [direct, through] = server.received.map(({ method, url, headers }) => ({
      method,
      url,
      headers,
    }));
    expect(server.received).toHaveLength(2);
    expect(direct).toEqual(through);
    // The server saw the URL as a parser reads it: dot segments resolved, quotes encoded.
    const parsed = new URL(`${baseUrl.replace(/\/$/, "")}${REVIEWS}`);
    expect(direct!.url.startsWith(`${parsed.pathname}?product_id=`)).toBe(true);
    expect(direct!.url).not.toMatch(/['"<>` ]/);
  });

  it("a body with a BOM and a byte that is not UTF-8: the same data from get, GET and both roads", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"code":0,"message":"ok","data":[{"t":"a'),
      Buffer.from([0xff]),
      Buffer.from('b"}],"requestId":"r"}'),
    ]);
    const server = await servers.start([
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(bytes);
      },
    ]);
    const seen: unknown[] = [];
    const [direct, through] = clientsOnBothRoads({ baseUrl: server.url });
    for (const client of [direct, through]) {
      seen.push(await client.get(REVIEWS, { query: QUERY }));
      seen.push((await client.GET(REVIEWS, { params: { query: QUERY } })).data?.data);
    }
    expect(seen).toEqual(Array(4).fill([{ t: "a\ufffdb" }]));
    // The direct road's GET keeps the bytes as they came, BOM and all, for its Response (whose
    // body, unlike openapi-fetch's, is left unread).
    const { response } = await direct.GET(REVIEWS, { params: { query: QUERY } });
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });
});
