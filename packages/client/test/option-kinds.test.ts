import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidParamsError } from "../src/index.js";
import { QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

// From a hostile review: options of the wrong kind were taken at creation and failed on first
// use, after a request was sent (a `{}` logger on the first retry, a string `shouldRetry`), or
// failed with the runtime's words (`"acquire" in 5`, "Do not know how to serialize a BigInt").

const KEY = "sk_test_kinds_0123456789";
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("options of the wrong kind are refused at creation, by name", () => {
  // [case, options, message]
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      "a logger without its methods",
      { logger: {} },
      /^createKeyApiClient: logger\.debug must be a function, got undefined$/,
    ],
    [
      "a logger without warn",
      { logger: { debug() {} } },
      /logger\.warn must be a function, got undefined$/,
    ],
    ["a logger that is a number", { logger: 5 }, /logger\.debug must be a function/],
    [
      "retry.shouldRetry a number",
      { retry: { shouldRetry: 5 } },
      /retry\.shouldRetry must be a function, got 5$/,
    ],
    ["fetch a string", { fetch: "fetch" }, /fetch must be a function, got "fetch"$/],
    [
      "rateLimit a number",
      { rateLimit: 5 },
      /rateLimit must be an object of limits, a RateLimiter or false, got 5$/,
    ],
    ["rateLimit true", { rateLimit: true }, /rateLimit must be .*got boolean$/],
    ["apiKey a number", { apiKey: 12345 }, /apiKey must be a string, got 12345$/],
    [
      "timeoutMs a BigInt",
      { timeoutMs: 10n },
      /timeoutMs must be > 0 and ≤ 2147483647 ms, got bigint$/,
    ],
    [
      "a RateLimiter whose acquire is no function",
      { rateLimit: { acquire: "x" } },
      /rateLimit\.acquire must be a function, got "x"$/,
    ],
    // A string was truthy: "false" from a config file sent the key over plain http.
    [
      'allowInsecureHttp "false"',
      { allowInsecureHttp: "false" },
      /allowInsecureHttp must be true or false, got "false"$/,
    ],
    [
      'validateResponses "yes"',
      { validateResponses: "yes" },
      /validateResponses must be true or false, got "yes"$/,
    ],
    ["retryUnsafeMethods 1", { retryUnsafeMethods: 1 }, /retryUnsafeMethods must be .*got 1$/],
    [
      'dangerouslyAllowBrowser "true"',
      { dangerouslyAllowBrowser: "true" },
      /dangerouslyAllowBrowser must be true or false, got "true"$/,
    ],
  ])("%s", (_case, options, message) => {
    expect(() => createKeyApiClient({ apiKey: KEY, ...options } as never)).toThrow(message);
  });

  it.each<[string, Record<string, unknown>]>([
    ["a console-shaped logger", { logger: console }],
    ["a logger with only the two methods the client calls", { logger: { debug() {}, warn() {} } }],
    ["rateLimit false", { rateLimit: false }],
    ["rateLimit null from plain JS: off, as before", { rateLimit: null }],
    ["a RateLimiter", { rateLimit: { acquire: async () => () => {} } }],
    // `null` from plain JS is "not given", as these options were read before the checks.
    ["logger null: console", { logger: null }],
    ["fetch null: the runtime's", { fetch: null }],
    ["apiKey null: the environment's", { apiKey: null }],
    ["validateResponses null: off", { validateResponses: null }],
    ["allowInsecureHttp false", { allowInsecureHttp: false }],
    [
      "a RateLimiter that is a function object",
      { rateLimit: Object.assign(() => {}, { acquire: async () => () => {} }) },
    ],
  ])("%s is taken", (_case, options) => {
    expect(() => createKeyApiClient({ apiKey: KEY, ...options } as never)).not.toThrow();
  });
});

describe("a call's signal and fetch of the wrong kind are refused before anything is sent", () => {
  // [case, the call's options, the parameter named]
  it.each<[string, Record<string, unknown>, string]>([
    ["a signal that is an object", { signal: {} }, "signal"],
    ["a signal that is a number", { signal: 5 }, "signal"],
    ["a fetch that is a string", { fetch: "x" }, "fetch"],
    ["a signal with addEventListener only", { signal: { addEventListener() {} } }, "signal"],
  ])("%s", async (_case, call, param) => {
    server = await startScriptedServer([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.get(REVIEWS, { query: QUERY, ...call } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.param).toBe(param);
    expect(server.received).toHaveLength(0);
  });
});

describe("an apiKey given empty is no key, never the environment's", () => {
  // A tenant's key read from a variable that happens to be empty must not bill the process's key.
  it.each([[""], ["   "]])(
    "apiKey %j with KEYAPI_API_KEY set: no Authorization sent",
    async (apiKey) => {
      server = await startScriptedServer([reply.ok()]);
      const before = process.env.KEYAPI_API_KEY;
      process.env.KEYAPI_API_KEY = "sk_live_PROCESS_KEY_must_not_be_sent";
      try {
        // A base URL of the caller's own (the proxy pattern) may be called without a key.
        const client = createKeyApiClient({ apiKey, baseUrl: server.url });
        await client.get(REVIEWS, { query: QUERY });
        expect(server.received).toHaveLength(1);
        expect(server.received[0]!.headers.authorization).toBeUndefined();
      } finally {
        if (before === undefined) delete process.env.KEYAPI_API_KEY;
        else process.env.KEYAPI_API_KEY = before;
      }
    },
  );

  it("apiKey left out still reads KEYAPI_API_KEY", async () => {
    server = await startScriptedServer([reply.ok()]);
    const before = process.env.KEYAPI_API_KEY;
    process.env.KEYAPI_API_KEY = "sk_test_from_env";
    try {
      await createKeyApiClient({ baseUrl: server.url }).get(REVIEWS, { query: QUERY });
      expect(server.received[0]!.headers.authorization).toBe("Bearer sk_test_from_env");
    } finally {
      if (before === undefined) delete process.env.KEYAPI_API_KEY;
      else process.env.KEYAPI_API_KEY = before;
    }
  });
});

describe("a required query or path parameter given empty is refused before it is sent", () => {
  // The API (and the mock) reads `product_id=` as missing: a 400 for nothing.
  it.each<[string, Record<string, unknown>, string]>([
    ["an empty product_id", { ...QUERY, product_id: "" }, "required query parameter is empty"],
    ["a product_id of spaces is a value: sent", { ...QUERY, product_id: " " }, ""],
  ])("%s", async (_case, query, message) => {
    server = await startScriptedServer([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.get(REVIEWS, { query } as never).then(
      () => undefined,
      (e) => e,
    );
    if (!message) return void expect(server.received).toHaveLength(1);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.issues).toEqual([{ param: "product_id", message }]);
    expect(server.received).toHaveLength(0);
  });
});

describe("paginateEach: an `each` that is not a list of objects is refused before anything is sent", () => {
  // [each, the error: the call's (refused whole) or the entity's own]
  it.each<[unknown, string]>([
    [undefined, "each: must be a list of { query, path? } objects"],
    ["x", "each: must be a list of { query, path? } objects"],
    [[null], "each: must be a list of { query, path? } objects"],
    [[{ query: 5 }], "each: must be a list of { query, path? } objects"],
    [[{}], "entity 0: product_id: required query parameter is missing"],
    [[{ query: null }], "entity 0: product_id: required query parameter is missing"],
    // A hole is no entity (every() skips holes: the walk met it with the runtime's words).
    [[, { query: { product_id: "p" } }], "each: must be a list of { query, path? } objects"],
  ])("%j", async (each, expected) => {
    server = await startScriptedServer([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const seen: string[] = [];
    try {
      for await (const page of client.paginateEach(REVIEWS, { each } as never).pages())
        if ("error" in page) seen.push(`entity ${page.entity}: ${(page.error as Error).message}`);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParamsError);
      seen.push((error as Error).message);
    }
    expect(seen).toEqual([expected]);
    expect(server.received).toHaveLength(0);
  });
});

it("paginateEach takes any iterable of entities, a Set as a list", async () => {
  server = await startScriptedServer([reply.ok()]);
  const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
  const each = new Set([{ query: { product_id: "p1" } }]);
  const pages = [];
  for await (const page of client.paginateEach(REVIEWS, { each, maxPages: 1 } as never).pages())
    pages.push(page);
  expect(pages).toHaveLength(1);
  expect(pages[0]).toMatchObject({ entity: 0, params: { query: { product_id: "p1" } } });
});

describe("a walk's signal of the wrong kind is refused before anything is sent", () => {
  // The walk listens to the signal before any page's own check: `{}` threw the runtime's words.
  it.each<
    [string, (c: ReturnType<typeof createKeyApiClient>, signal: unknown) => AsyncIterable<unknown>]
  >([
    [
      "paginate",
      (c, signal) => c.paginate(REVIEWS, { query: { product_id: "p" }, signal } as never),
    ],
    [
      "paginateEach",
      (c, signal) =>
        c.paginateEach(REVIEWS, { each: [{ query: { product_id: "p" } }], signal } as never),
    ],
  ])("%s", async (_case, walk) => {
    server = await startScriptedServer([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    for (const signal of [{}, "x", { addEventListener() {} }]) {
      const error = await (async () => {
        for await (const _ of walk(client, signal));
      })().catch((e) => e);
      expect(error).toBeInstanceOf(InvalidParamsError);
      expect(error.param).toBe("signal");
    }
    expect(server.received).toHaveLength(0);
  });
});

it("retryBudget null is the default budget; a numeric option null is refused, said as null", () => {
  expect(() => createKeyApiClient({ apiKey: KEY, retryBudget: null } as never)).not.toThrow();
  expect(() => createKeyApiClient({ apiKey: KEY, timeoutMs: null } as never)).toThrow(
    /timeoutMs must be > 0 and ≤ 2147483647 ms, got null$/,
  );
});

describe("a walk's own options from plain JS: each mistake named before anything is sent", () => {
  // [case, the walk, the message]
  it.each<[string, (c: ReturnType<typeof createKeyApiClient>) => AsyncIterable<unknown>, string]>([
    // No options at all: the runtime's "Cannot destructure property 'query'".
    [
      "paginate with no options",
      (c) => c.paginate(REVIEWS, undefined as never),
      "product_id: required query parameter is missing",
    ],
    [
      "paginateEach with no options",
      (c) => c.paginateEach(REVIEWS, undefined as never).pages(),
      "each: must be a list of { query, path? } objects",
    ],
    // A string said as a number ("got 5") read as a number out of range.
    [
      'limit "5"',
      (c) => c.paginate(REVIEWS, { query: { product_id: "p" }, limit: "5" } as never),
      'limit: must be a whole number ≥ 0, got "5"',
    ],
    [
      'concurrency "2"',
      (c) => c.paginate(REVIEWS, { query: { product_id: "p" }, concurrency: "2" } as never),
      'concurrency: must be a whole number ≥ 1, got "2"',
    ],
  ])("%s", async (_case, walk, message) => {
    server = await startScriptedServer([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const error = await (async () => {
      for await (const _ of walk(client));
    })().catch((e) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.message).toBe(message);
    expect(server.received).toHaveLength(0);
  });
});
