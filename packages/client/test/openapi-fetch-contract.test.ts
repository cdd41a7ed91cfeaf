import { afterEach, describe, expect, it } from "vitest";
import type { Middleware } from "openapi-fetch";
import {
  AuthenticationError,
  ConnectionError,
  createKeyApiClient,
  InvalidParamsError,
  RateLimitError,
  type KeyApiClient,
} from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

// openapi-fetch's documented contract, checked through our client on a real loopback server:
// the call style is unchanged by the layer beneath it.
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Multi-byte UTF-8 on purpose: a text round trip would still pass with the wrong bytes count.
const BODY = JSON.stringify({
  code: 0,
  message: "success",
  data: [{ review_id: "r1", review_text: "très bien 👍", rating: 5 }],
  requestId: "req-1",
});
const BYTES = new TextEncoder().encode(BODY);
const serve = async () =>
  (server = await startScriptedServer([reply.raw(200, BODY, { "x-request-id": "req-1" })]));
const clientFor = (s: ScriptedServer) => createKeyApiClient({ apiKey: KEY, baseUrl: s.url });
const GET = (c: KeyApiClient, extra: object = {}) =>
  c.GET(REVIEWS, { params: { query: QUERY }, ...extra });

const bytesOf = async (data: unknown): Promise<Uint8Array> => {
  if (data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(await new Response(data as ReadableStream).arrayBuffer());
};

describe("parseAs: every mode returns the server's body", () => {
  it.each([
    ["json", (data: unknown) => expect(data).toEqual(JSON.parse(BODY))],
    ["text", (data: unknown) => expect(data).toBe(BODY)],
    ["blob", async (data: unknown) => expect(await bytesOf(data)).toEqual(BYTES)],
    ["arrayBuffer", async (data: unknown) => expect(await bytesOf(data)).toEqual(BYTES)],
    ["stream", async (data: unknown) => expect(await bytesOf(data)).toEqual(BYTES)],
  ] as const)("%s", async (parseAs, check) => {
    const { data, error } = await GET(clientFor(await serve()), { parseAs });
    expect(error).toBeUndefined();
    await check(data);
  });
});

describe("middleware behaves as openapi-fetch documents", () => {
  // [case, the middleware (it notes what it saw), what the caller gets, what it saw: exactly]
  it.each<
    [string, (seen: string[]) => Middleware, (r: Awaited<ReturnType<typeof GET>>) => void, string[]]
  >([
    [
      "onRequest sees the Request and may replace it",
      (seen) => ({
        onRequest({ request, schemaPath }) {
          seen.push(`${request.method} ${schemaPath}`);
          const next = new Request(request);
          next.headers.set("x-team", "growth");
          return next;
        },
      }),
      () => expect(server!.received[0]!.headers["x-team"]).toBe("growth"),
      ["GET /v1/tiktok/product/reviews/analytics"],
    ],
    [
      "onResponse may clone and read the response; the caller still gets the data",
      (seen) => ({
        async onResponse({ response }) {
          seen.push(await response.clone().text());
        },
      }),
      ({ data }) => expect(data).toEqual(JSON.parse(BODY)),
      [BODY],
    ],
    [
      "onResponse may replace the response",
      (seen) => ({
        onResponse: () => (
          seen.push("replaced"),
          new Response('{"replaced":true}', { status: 200 })
        ),
      }),
      ({ data }) => expect(data).toEqual({ replaced: true }),
      ["replaced"],
    ],
    [
      "onResponse sees the server's headers and a readable body",
      (seen) => ({
        async onResponse({ response }) {
          seen.push(
            `${response.status} ${response.headers.get("x-request-id")} ${response.bodyUsed}`,
          );
        },
      }),
      ({ response }) => expect(response.headers.get("x-request-id")).toBe("req-1"),
      ["200 req-1 false"],
    ],
  ])("%s", async (_name, middleware, check, saw) => {
    const client = clientFor(await serve());
    const seen: string[] = [];
    client.use(middleware(seen));
    check(await GET(client));
    // The middleware ran, once, and saw this: a case whose middleware never runs fails here.
    expect(seen).toEqual(saw);
  });

  it("onError receives the layer's ConnectionError (after retries) and may answer instead", async () => {
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:9",
      maxRetries: 0,
      retry: { maxRateLimitRetries: 0 },
    });
    const errors: unknown[] = [];
    client.use({
      onError({ error }) {
        errors.push(error);
        return new Response(BODY, { status: 200 });
      },
    });
    const { data } = await GET(client);
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(data).toEqual(JSON.parse(BODY));
  });

  it("get returns what a middleware answered when it replaced the response", async () => {
    const client = clientFor(await serve());
    client.use({
      onResponse: () => new Response('{"code":0,"message":"ok","data":["replaced"]}'),
    });
    expect(await client.get(REVIEWS, { query: QUERY })).toEqual(["replaced"]);
  });

  it("eject removes a middleware", async () => {
    const client = clientFor(await serve());
    let calls = 0;
    const m: Middleware = { onRequest: () => void calls++ };
    client.use(m);
    client.eject(m);
    await GET(client);
    expect(calls).toBe(0);
  });
});

describe("the Response a caller sees", () => {
  it("is readable, carries the server's headers and url, and maps an envelope error's status", async () => {
    server = await startScriptedServer([
      reply.json(
        200,
        { code: 429, message: "qps limit exceeded", data: null },
        { "x-request-id": "r9" },
      ),
    ]);
    const { error, response } = await createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      retry: { maxRateLimitRetries: 0 },
    }).GET(REVIEWS, { params: { query: QUERY } });
    expect([response.status, response.ok]).toEqual([429, false]);
    expect(response.headers.get("x-request-id")).toBe("r9");
    expect(response.url).toBe(
      `${server.url}${REVIEWS}?product_id=${QUERY.product_id}&page_num=1&page_size=10`,
    );
    expect(error).toMatchObject({ code: 429, message: "qps limit exceeded" });
  });

  it("leaves the server's Response as it came (no property patched in place)", async () => {
    await serve();
    const fromServer: Response[] = [];
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server!.url,
      fetch: async (input, init) => {
        const r = await fetch(input, init);
        fromServer.push(r);
        return r;
      },
    });
    const { response } = await GET(client);
    expect(response).not.toBe(fromServer[0]);
    expect(Object.getOwnPropertyNames(fromServer[0])).toEqual([]);
    expect(fromServer[0]!.status).toBe(200);
  });
});

describe("every promise-returning method rejects, never throws synchronously", () => {
  // KeyAPI's own host needs a key: refused before fetch is reached (it would throw here).
  const noKey = () =>
    createKeyApiClient({
      apiKey: "",
      fetch: () => {
        throw new Error("a request was sent");
      },
    });
  const anyKey = () => createKeyApiClient({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" });
  const bad = { query: { ...QUERY, page_size: 11 } };
  it.each<[string, () => Promise<unknown>, new (...a: never[]) => Error]>([
    ["GET, bad parameters", () => anyKey().GET(REVIEWS, { params: bad }), InvalidParamsError],
    ["GET, unknown path", () => anyKey().GET("/nope" as never), InvalidParamsError],
    ["POST, unknown path", () => anyKey().POST("/nope" as never, {} as never), InvalidParamsError],
    [
      "request, bad parameters",
      () => anyKey().request("get", REVIEWS, { params: bad }),
      InvalidParamsError,
    ],
    ["get, bad parameters", () => anyKey().get(REVIEWS, bad), InvalidParamsError],
    ["GET, no key", () => noKey().GET(REVIEWS, { params: { query: QUERY } }), AuthenticationError],
    [
      "request, no key",
      () => noKey().request("get", REVIEWS, { params: { query: QUERY } }),
      AuthenticationError,
    ],
    ["get, no key", () => noKey().get(REVIEWS, { query: QUERY }), AuthenticationError],
  ])("%s", async (_name, call, ErrorClass) => {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = call())).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(ErrorClass);
  });

  it("paginate returns at once; its errors surface when iterating", async () => {
    const walk = noKey().paginate(REVIEWS, { query: { product_id: QUERY.product_id } });
    await expect(walk[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("get rejects with the typed error of an envelope failure", async () => {
    server = await startScriptedServer([reply.envelope(429, "qps limit exceeded")]);
    await expect(
      createKeyApiClient({
        apiKey: KEY,
        baseUrl: server.url,
        maxRetries: 0,
        retry: { maxRateLimitRetries: 0 },
      }).get(REVIEWS, {
        query: QUERY,
      }),
    ).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe("get keeps the layer's typed error whatever a middleware does with the Response", () => {
  // [case, the server's answer, the middleware's onResponse, the error get throws]
  it.each<[string, Parameters<typeof reply.error>, NonNullable<Middleware["onResponse"]>, string]>([
    ["a clone", [401, "bad key"], ({ response }) => response.clone(), "AuthenticationError"],
    [
      "a copy of its own",
      [429, "slow down"],
      async ({ response }) => new Response(await response.text(), response),
      "RateLimitError",
    ],
    [
      "the Response as it came",
      [401, "bad key"],
      ({ response }) => response,
      "AuthenticationError",
    ],
  ])("%s", async (_case, answer, onResponse, name) => {
    server = await startScriptedServer([reply.error(...answer)]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      retry: { maxRateLimitRetries: 0 },
    });
    client.use({ onResponse } as Middleware);
    const error = await client.get(REVIEWS, { query: QUERY }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe(name);
    expect(error?.message).toContain(answer[1]);
  });
});
