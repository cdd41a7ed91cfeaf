import { afterEach, describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  createKeyApiClient,
  InsecureTransportError,
  InternalServerError,
  VERSION,
  type KeyApiClient,
} from "../src/index.js";
import { everyTextOf, KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("auth and transport", () => {
  it("without a key, KeyAPI's own host is refused with AuthenticationError naming KEYAPI_API_KEY, before any request", async () => {
    vi.stubEnv("KEYAPI_API_KEY", "");
    let sent = 0;
    const error = await createKeyApiClient({ fetch: async () => (sent++, new Response()) })
      .get(REVIEWS, { query: QUERY })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("KEYAPI_API_KEY");
    expect(sent).toBe(0);
  });

  it("without a key, another baseUrl (a proxy that adds the key) gets no Authorization header", async () => {
    vi.stubEnv("KEYAPI_API_KEY", "");
    server = await startScriptedServer([reply.ok()]);
    await createKeyApiClient({ baseUrl: server.url }).get(REVIEWS, { query: QUERY });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers.authorization).toBeUndefined();
  });

  it("reads the key from KEYAPI_API_KEY and sends it as a Bearer token with a User-Agent", async () => {
    vi.stubEnv("KEYAPI_API_KEY", KEY);
    server = await startScriptedServer([reply.ok()]);
    await createKeyApiClient({ baseUrl: server.url, headers: { "x-team": "growth" } }).get(
      REVIEWS,
      { query: QUERY },
    );
    expect(server.received[0]!.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      "user-agent": `@keyapi-tiktok/client/${VERSION}`,
      "x-team": "growth",
    });
  });

  it.each([
    ["a browser page", "document"],
    ["a web worker", "importScripts"],
  ])(
    "in %s, sends no User-Agent (refused there; would cost a preflight)",
    async (_name, global) => {
      vi.stubGlobal(global, {});
      server = await startScriptedServer([reply.ok()]);
      await createKeyApiClient({ apiKey: KEY, baseUrl: server.url }).get(REVIEWS, { query: QUERY });
      vi.unstubAllGlobals();
      expect(server.received[0]!.headers["user-agent"]).not.toMatch(/keyapi/);
    },
  );

  it.each([
    ["http to a remote host is refused", "http://api.example.com", false, InsecureTransportError],
    ["http to a remote host is allowed when asked", "http://api.example.com", true, undefined],
    ["http to localhost is fine", "http://localhost:9", false, undefined],
  ])("%s", async (_name, baseUrl, allowInsecureHttp, want) => {
    const calls: string[] = [];
    const fetch = (async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ code: 0, message: "", data: [], requestId: "r" }));
    }) as unknown as typeof globalThis.fetch;
    const client = createKeyApiClient({ apiKey: KEY, baseUrl, allowInsecureHttp, fetch });
    const error = await client.get(REVIEWS, { query: QUERY }).then(
      () => undefined,
      (e) => e,
    );
    if (want) {
      expect(error).toBeInstanceOf(want);
      expect(calls).toHaveLength(0);
      expect(everyTextOf(error)).not.toContain(KEY);
    } else {
      expect(error).toBeUndefined();
      expect(calls).toHaveLength(1);
    }
  });

  it("resolves fetch per call, never at creation", async () => {
    const client = createKeyApiClient({ apiKey: KEY });
    const patched = vi.fn(
      async () =>
        new Response(JSON.stringify({ code: 0, message: "", data: ["late"], requestId: "r" })),
    );
    vi.stubGlobal("fetch", patched);
    expect(await client.get(REVIEWS, { query: QUERY })).toEqual(["late"]);
    expect(patched).toHaveBeenCalledTimes(1);
  });
});

describe("abort and timeouts", () => {
  it("a caller's abort during a backoff wait rejects within 50 ms, with the caller's reason", async () => {
    // The server asks for 10 s: a jittered backoff could draw a wait of a few ms and retry first.
    server = await startScriptedServer([reply.error(503, "busy", { "retry-after": "10" })]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    const controller = new AbortController();
    const pending = client.get(REVIEWS, { query: QUERY, signal: controller.signal });
    await vi.waitFor(() => expect(server!.received).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20)); // now inside the backoff wait
    const started = performance.now();
    controller.abort(new Error("user cancelled"));
    await expect(pending).rejects.toThrow("user cancelled");
    // Far below the 10 s backoff, on any machine: the abort cut the wait short.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.received).toHaveLength(1);
  });

  it("a caller's abort in flight rejects at once and is not a TimeoutError", async () => {
    server = await startScriptedServer([reply.delay(20_000, reply.ok())]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const controller = new AbortController();
    const pending = client.get(REVIEWS, { query: QUERY, signal: controller.signal });
    await vi.waitFor(() => expect(server!.received).toHaveLength(1));
    const started = performance.now();
    controller.abort();
    const error = await pending.catch((e) => e);
    // Far below the 20 s answer, on any machine: the abort did not wait for it.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error.name).toBe("AbortError");
    expect(server.received).toHaveLength(1);
  });

  it("a per-call timeoutMs and maxRetries override the client's", async () => {
    server = await startScriptedServer([reply.delay(5_000, reply.ok())]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, timeoutMs: 60_000 });
    const error = await client
      .get(REVIEWS, { query: QUERY, timeoutMs: 250, maxRetries: 1, signal: undefined })
      .catch((e) => e);
    expect(error.name).toBe("TimeoutError");
    expect(error.attempts).toBe(2);
  });
});

describe("openapi-fetch call style", () => {
  it("returns { data } on success, the whole envelope", async () => {
    server = await startScriptedServer([reply.ok()]);
    const { data, error } = await createKeyApiClient({ apiKey: KEY, baseUrl: server.url }).GET(
      REVIEWS,
      {
        params: { query: QUERY },
      },
    );
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ code: 0, requestId: "req-ok" });
  });

  it("returns { error } for a 200 whose envelope code is not 0, with the mapped status", async () => {
    server = await startScriptedServer([reply.envelope(402, "apiKey quota is not enough")]);
    const { data, error, response } = await createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
    }).GET(REVIEWS, {
      params: { query: QUERY },
    });
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ code: 402, message: "apiKey quota is not enough" });
    expect(response.status).toBe(402);
  });

  it.each([
    ["GET", (c: KeyApiClient) => c.GET(REVIEWS, { params: { query: QUERY } })],
    ["request()", (c: KeyApiClient) => c.request("get", REVIEWS, { params: { query: QUERY } })],
  ])("retries beneath openapi-fetch's %s too", async (_name, call) => {
    server = await startScriptedServer([reply.error(500, "x"), reply.ok()]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
    });
    const { data } = await call(client);
    expect(data?.requestId).toBe("req-ok");
    expect(server.received).toHaveLength(2);
  });

  it("errors serialise without the key", async () => {
    server = await startScriptedServer([reply.error(500, "x")]);
    const error = await createKeyApiClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 })
      .get(REVIEWS, { query: QUERY })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "InternalServerError",
      message: "x (HTTP 500)",
      status: 500,
      code: 500,
      requestId: "req-500",
      method: "GET",
      path: REVIEWS,
      attempts: 1,
    });
  });
});
