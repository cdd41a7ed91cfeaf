import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  createKeyApiClient,
  InsecureTransportError,
  InternalServerError,
  InvalidParamsError,
  type KeyApiClient,
} from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, serverPerTest } from "./support/scripted-server.js";

// What a hostile review of the direct road found: each case is run on both of `get`'s roads (no
// middleware; a middleware that does nothing) and must come out the same. Each row failed first.

const servers = serverPerTest();

const ROADS = [
  ["direct", (_c: KeyApiClient) => {}],
  ["through openapi-fetch", (c: KeyApiClient) => c.use({ onRequest: () => undefined })],
] as const;

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe.each(ROADS)("on the %s road", (_road, road) => {
  const clientFor = (options: Parameters<typeof createKeyApiClient>[0]) => {
    const c = createKeyApiClient({ apiKey: KEY, maxRetries: 0, ...options });
    road(c);
    return c;
  };

  it("a per-call baseUrl over plain http to another host: refused, the key never sent", async () => {
    const server = await servers.start([reply.ok()], "127.0.0.2");
    const c = clientFor({ baseUrl: "http://127.0.0.1:9" });
    const error = await failure(c.get(REVIEWS, { query: QUERY, baseUrl: server.url } as never));
    expect(error).toBeInstanceOf(InsecureTransportError);
    expect(server.received).toHaveLength(0);
  });

  it("a status past 599 (a proxy's 999): a server error, counted as 500, retried", async () => {
    const server = await servers.start([reply.json(999, { message: "boom" })]);
    const c = clientFor({ baseUrl: server.url, maxRetries: 1, retry: { baseDelayMs: 0 } });
    const error = await failure(c.get(REVIEWS, { query: QUERY }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toBe("boom (HTTP 999, counted as 500)");
    expect(server.received).toHaveLength(2);
  });

  it("Response.error() (a mock's network error): a connection error, retried", async () => {
    let calls = 0;
    const fetch = (async () => (calls++, Response.error())) as typeof globalThis.fetch;
    const c = clientFor({ fetch, maxRetries: 1, retry: { baseDelayMs: 0 } });
    const error = await failure(c.get(REVIEWS, { query: QUERY }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe("connection failed: network error");
    expect(calls).toBe(2);
  });

  it("an option inherited by the options object counts (maxRetries 0 on its prototype)", async () => {
    const server = await servers.start([reply.error(503, "busy")]);
    const c = clientFor({ baseUrl: server.url, maxRetries: 3, retry: { baseDelayMs: 0 } });
    const options = Object.assign(Object.create({ maxRetries: 0 }), { query: QUERY });
    await failure(c.get(REVIEWS, options));
    expect(server.received).toHaveLength(1);
  });

  it("a per-call fetch is the one used", async () => {
    let used = 0;
    const fetch = (async () => (
      used++,
      new Response(JSON.stringify({ code: 0, message: "ok", data: [7], requestId: "r" }))
    )) as typeof globalThis.fetch;
    const c = clientFor({ baseUrl: "http://127.0.0.1:9" });
    expect(await c.get(REVIEWS, { query: QUERY, fetch } as never)).toEqual([7]);
    expect(used).toBe(1);
  });

  it("no options at all (plain JS): the parameter checks name what is required", async () => {
    const c = clientFor({ baseUrl: "http://127.0.0.1:9" });
    const error = await failure((c.get as unknown as (p: string) => Promise<unknown>)(REVIEWS));
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect((error as Error).message).toMatch(/product_id: required query parameter is missing/);
  });
});

describe("a middleware that points a request elsewhere meets the key's rules too", () => {
  it("a new Request to plain http on another host: refused, nothing sent", async () => {
    const server = await servers.start([reply.ok()], "127.0.0.2");
    const c = createKeyApiClient({ apiKey: KEY, baseUrl: "http://127.0.0.1:9", maxRetries: 0 });
    const target = server.url;
    c.use({
      onRequest: ({ request }) => new Request(target + new URL(request.url).pathname, request),
    });
    const { error } = await c
      .GET(REVIEWS, { params: { query: QUERY } })
      .catch((e: unknown) => ({ error: e }));
    expect(error).toBeInstanceOf(InsecureTransportError);
    expect(server.received).toHaveLength(0);
  });
});

describe("client headers as fetch takes them", () => {
  // [case, headers option, the header the server must see]
  it.each<[string, unknown, string | undefined]>([
    ["a record", { "x-team": "growth" }, "growth"],
    ["a Headers instance", new Headers({ "x-team": "growth" }), "growth"],
    ["pairs", [["x-team", "growth"]], "growth"],
  ])("%s", async (_case, headers, want) => {
    const server = await servers.start([reply.ok()]);
    const c = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, headers: headers as never });
    await c.get(REVIEWS, { query: QUERY });
    expect(server.received[0]!.headers["x-team"]).toBe(want);
    expect(Object.keys(server.received[0]!.headers)).not.toContain("0");
  });
});

describe("baseUrl with a query or fragment", () => {
  it.each(["https://proxy.example/p?x=1", "https://proxy.example/p#top"])(
    "%s: refused",
    (baseUrl) => {
      expect(() => createKeyApiClient({ apiKey: KEY, baseUrl })).toThrow(
        "createKeyApiClient: baseUrl: a query or fragment is not supported",
      );
    },
  );
});
