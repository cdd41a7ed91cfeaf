import { describe, expect, it } from "vitest";
import { createKeyApiClient, type KeyApiClient } from "../src/index.js";
import { takesDirectRoad } from "../src/core/direct-road.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { clientsOnBothRoads, outcome, viewOf } from "./support/roads.js";
import { reply, serverPerTest, type Step } from "./support/scripted-server.js";

// openapi-fetch's `GET` with no middleware is sent by the layer itself, and its result (data or
// error, and the Response) is made by core/fetch-result.ts. Each answer below is fetched on both
// roads (no middleware; a middleware that does nothing) and must come out the same.

const servers = serverPerTest();

async function bothRoads(step: Step) {
  const server = await servers.start([step]);
  const [a, b] = await Promise.all(
    clientsOnBothRoads({ baseUrl: server.url }).map((c) =>
      outcome(c.GET(REVIEWS, { params: { query: QUERY } })),
    ),
  );
  return { direct: a!, through: b!, server };
}

describe("GET's result on both roads", () => {
  const envelope = { code: 0, message: "ok", data: [{ id: 1 }], requestId: "r" };
  // [case, the server's answer, what the direct road's data or error is]
  it.each<[string, Step, { data?: unknown; error?: unknown }]>([
    ["a success", reply.json(200, envelope), { data: envelope }],
    [
      "an id past 2^53, kept exact",
      reply.raw(200, '{"code":0,"message":"ok","data":[{"id":1729471493154312768}]}'),
      { data: { code: 0, message: "ok", data: [{ id: "1729471493154312768" }] } },
    ],
    [
      "an envelope error under HTTP 200 (mapped to 404)",
      reply.envelope(404, "no such product"),
      { error: { code: 404, message: "no such product", data: null, requestId: "req-env" } },
    ],
    [
      "a 400 with the vendor's JSON",
      reply.error(400, "bad product_id"),
      { error: { code: 400, message: "bad product_id", data: null, requestId: "req-400" } },
    ],
    [
      "a 502 from a proxy, HTML",
      reply.raw(502, "<h1>bad gateway</h1>"),
      { error: "<h1>bad gateway</h1>" },
    ],
    ["a 500 with an empty body", reply.raw(500, ""), { error: undefined }],
    ["a 503 whose JSON is null", reply.raw(503, "null"), { error: null }],
    [
      "the key echoed in the body and a header, redacted",
      reply.json(401, { code: 401, message: `bad key ${KEY}` }, { "x-echo": `Bearer ${KEY}` }),
      { error: { code: 401, message: "bad key [redacted]" } },
    ],
  ])("%s", async (_case, step, expected) => {
    const { direct, through } = await bothRoads(step);
    expect("value" in direct && "value" in through).toBe(true);
    const [a, b] = await Promise.all(
      [direct, through].map((r) => viewOf((r as never as { value: never }).value)),
    );
    expect(a).toEqual(b);
    expect(a).toMatchObject(expected);
    expect(JSON.stringify(a)).not.toContain(KEY);
  });

  // [case, the server's answer, the error's class name]
  it.each<[string, Step, string]>([
    ["a 2xx that is not the envelope", reply.json(200, { hello: 1 }), "InvalidResponseError"],
    ["a 2xx that is not JSON", reply.raw(200, "<html>"), "InvalidResponseError"],
    ["a reset connection", reply.reset(), "ConnectionError"],
  ])("%s: thrown alike", async (_case, step, name) => {
    const { direct, through } = await bothRoads(step);
    const [a, b] = [direct, through].map((r) => (r as { thrown: Error }).thrown);
    expect(a?.name).toBe(name);
    expect(a?.message).toBe(b?.message);
  });

  it("the direct road builds no Request, and its Response's body can still be read", async () => {
    const server = await servers.start([reply.json(200, envelope)]);
    const inputs: string[] = [];
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      inputs.push(input instanceof Request ? "Request" : typeof input);
      return globalThis.fetch(input, init);
    }) as typeof globalThis.fetch;
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, fetch });
    const result = await client.GET(REVIEWS, { params: { query: QUERY } });
    expect(inputs).toEqual(["string"]);
    expect(result.response).toBe(result.response);
    expect(await result.response.json()).toEqual(envelope);
  });
});

describe("takesDirectRoad for GET", () => {
  // [options of the call, a middleware registered on the client, direct]
  it.each<[object, boolean, boolean]>([
    [{}, false, true],
    [{ params: { query: QUERY } }, false, true],
    [
      { params: { query: QUERY, path: {} }, signal: AbortSignal.abort(), timeoutMs: 5 },
      false,
      true,
    ],
    [{ params: { query: QUERY } }, true, false],
    // What openapi-fetch reads: its road.
    [{ params: { query: QUERY, header: { "x-a": "1" } } }, false, false],
    [{ params: Object.create({ header: { "x-a": "1" } }) }, false, false],
    [{ params: null }, false, false],
    [{ params: "x" }, false, false],
    [{ params: { query: QUERY }, parseAs: "text" }, false, false],
    [{ params: { query: QUERY }, headers: {} }, false, false],
    [{ query: QUERY }, false, false],
  ])("%o, middleware registered %s: direct %s", (options, middlewareSeen, direct) => {
    const { params } = options as { params?: unknown };
    expect(takesDirectRoad(options, middlewareSeen, "GET", params)).toBe(direct);
  });
});
