import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  createKeyApiClient,
  InvalidParamsError,
  TimeoutError,
} from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, serverPerTest } from "./support/scripted-server.js";

// A second hostile review, of the first review's fixes: each case failed before its fix.

const servers = serverPerTest();
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const ok = () =>
  new Response(JSON.stringify({ code: 0, message: "ok", data: [1], requestId: "r" }));

describe("a caller's fetch that does not heed its signal cannot hold a call", () => {
  const deaf = (async () => new Promise<Response>(() => {})) as typeof fetch;
  const stalled = (async () =>
    new Response(new ReadableStream({ pull: () => new Promise(() => {}) }))) as typeof fetch;
  // [case, its fetch, how the call is ended, the error]
  it.each<[string, typeof fetch, "timeout" | "abort"]>([
    ["a fetch that drops init.signal: the timeout", deaf, "timeout"],
    ["a fetch that drops init.signal: the caller's abort", deaf, "abort"],
    ["a body that stalls: the timeout", stalled, "timeout"],
  ])("%s", async (_case, fetch, how) => {
    const client = createKeyApiClient({ apiKey: KEY, fetch, maxRetries: 0, timeoutMs: 50 });
    const controller = new AbortController();
    const call = failure(
      client.get(REVIEWS, {
        query: QUERY,
        ...(how === "abort" ? { signal: controller.signal, timeoutMs: 60_000 } : {}),
      }),
    );
    const reason = new Error("stop");
    if (how === "abort") setTimeout(() => controller.abort(reason), 20);
    const error = await call;
    if (how === "abort") expect(error).toBe(reason);
    else expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe("calls aborted while waiting for a rate-limit turn", () => {
  it("leave no listener on the signal and count no request", async () => {
    const client = createKeyApiClient({
      apiKey: KEY,
      fetch: (async () => ok()) as typeof fetch,
      rateLimit: { requestsPerSecond: 0.5 },
    });
    const controller = new AbortController();
    const calls = [1, 2, 3].map(() =>
      failure(client.get(REVIEWS, { query: QUERY, signal: controller.signal })),
    );
    await new Promise((r) => setTimeout(r, 20)); // the first took the only turn
    controller.abort(new Error("stop"));
    await Promise.all(calls);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(client.credits).toMatchObject({ requests: 1, retries: 0 });
  });
});

describe("a per-call baseUrl meets the client's rules, on every road", () => {
  // [case, baseUrl, the issue]
  it.each([
    [
      "credentials",
      "https://user:hunter2pw@proxy.example",
      "credentials in the URL are not supported; use apiKey or a header",
    ],
    ["a query", "https://proxy.example/p?tenant=1", "a query or fragment is not supported"],
    ["a bare fragment mark", "https://proxy.example/#", "a query or fragment is not supported"],
    ["not http", "ftp://proxy.example", "is not an http(s) URL"],
    // The parser trims it off, and it then sits in the port once the path follows.
    ["a space at its end", "http://127.0.0.1:9 ", "ends with a space or a control character"],
  ])("%s", async (_case, baseUrl, message) => {
    let sent = 0;
    const client = createKeyApiClient({
      apiKey: KEY,
      fetch: (async () => (sent++, ok())) as typeof fetch,
    });
    for (const call of [
      () => client.GET(REVIEWS, { params: { query: QUERY }, baseUrl }),
      () => client.get(REVIEWS, { query: QUERY, baseUrl } as never),
    ]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(InvalidParamsError);
      expect((error as InvalidParamsError).issues).toEqual([{ param: "baseUrl", message }]);
      expect(inspect(error)).not.toContain("hunter2pw");
    }
    expect(sent).toBe(0);
  });
});

describe("the client's baseUrl", () => {
  it.each(["https://api.keyapi.ai/?", "https://api.keyapi.ai/#"])("%s: refused", (baseUrl) => {
    expect(() => createKeyApiClient({ apiKey: KEY, baseUrl })).toThrow(
      "createKeyApiClient: baseUrl: a query or fragment is not supported",
    );
  });

  it("a URL object from plain JS is taken as its text", async () => {
    const server = await servers.start([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: new URL(server.url) as never });
    await client.get(REVIEWS, { query: QUERY });
    expect(server.received).toHaveLength(1);
  });
});

describe("headers that cannot be sent: refused without quoting what may be a secret", () => {
  const GENERIC =
    "createKeyApiClient: headers: not names and values an HTTP header can carry (give a record, pairs or a Headers)";
  // [case, headers, message]
  it.each<[string, unknown, string]>([
    [
      "a valid name, a value with a line break: the name is given",
      { "x-token": "tok-SECRET\r\nmore" },
      'createKeyApiClient: headers: the value of "x-token" is not one an HTTP header can carry (a line break, a control character, non-ASCII)',
    ],
    ["a token pasted into a name", { "Authorization: Bearer tok-SECRET": "" }, GENERIC],
    ["a token as a lone pair", [["Bearer tok-SECRET"]], GENERIC],
    ["null", null, GENERIC],
    ["a number", 42, GENERIC],
    ["a string", "tok-SECRET", GENERIC],
  ])("%s", (_case, headers, message) => {
    const error = failureSync(() => createKeyApiClient({ apiKey: KEY, headers: headers as never }));
    expect((error as Error).message).toBe(message);
  });
});

function failureSync(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

describe("what a caller's fetch hands back or throws", () => {
  it("the key in the cause's code or name is redacted", async () => {
    const fetch = (async () => {
      throw Object.assign(new Error("down"), { code: `ECONN ${KEY}`, name: `Err ${KEY}` });
    }) as typeof globalThis.fetch;
    const error = await failure(
      createKeyApiClient({ apiKey: KEY, fetch, maxRetries: 0 }).get(REVIEWS, { query: QUERY }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(inspect(error, { depth: 5 })).not.toContain(KEY);
  });

  it.each([
    ["a plain object", { status: 200 }],
    ["undefined", undefined],
  ])("%s instead of a Response: a connection error, charged nothing", async (_case, answer) => {
    const client = createKeyApiClient({
      apiKey: KEY,
      fetch: (async () => answer) as never,
      maxRetries: 0,
    });
    const error = await failure(client.get(REVIEWS, { query: QUERY }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe("connection failed: fetch returned no Response");
    expect(client.credits.charged).toBe(0);
  });
});

describe("a response header named after the key", () => {
  it("does not reach openapi-fetch's Response", async () => {
    const server = await servers.start([
      (_req, res) => {
        res.setHeader(`x-${KEY}`, "1");
        res.setHeader("x-kept", "2");
        reply.ok()(_req, res, 1);
      },
    ]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const { response } = await client.GET(REVIEWS, { params: { query: QUERY } });
    expect([...response.headers.keys()].join(" ")).not.toMatch(/s3cret/i);
    expect(response.headers.get("x-kept")).toBe("2");
  });
});
