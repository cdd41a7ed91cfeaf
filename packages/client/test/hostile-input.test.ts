import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createKeyApiClient,
  CreditBudgetExceededError,
  InvalidParamsError,
  InvalidResponseError,
  type KeyApiError,
} from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import {
  reply,
  startScriptedServer,
  type ScriptedServer,
  type Step,
} from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("secrets: a key that no header can carry is refused once, with no key text", () => {
  it.each([
    ["a trailing line break (a key file)", `${KEY}\n`, undefined],
    ["surrounding spaces", `  ${KEY}  `, undefined],
    ["a line break inside (a two-line key file)", `${KEY}\nX-Evil: 1`, KEY.length + 1],
    ["a carriage return", `${KEY}\rX`, KEY.length + 1],
    ["a NUL", `${KEY}\u0000`, KEY.length + 1],
    ["a tab inside", `sk_\t${KEY}`, 4],
    ["a space inside", `sk_ ${KEY}`, 4],
    ["non-ASCII", `${KEY}é`, KEY.length + 1],
    ["DEL", `${KEY}\u007f`, KEY.length + 1],
  ])("%s", async (_name, key, badAt) => {
    server = await startScriptedServer([reply.ok()]);
    const create = () => createKeyApiClient({ apiKey: key, baseUrl: server!.url });
    if (badAt === undefined) {
      await create().get(REVIEWS, { query: QUERY });
      expect(server.received[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
      return;
    }
    let error: unknown;
    try {
      create();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain(`at position ${badAt}`);
    for (const text of [String(error), JSON.stringify(error), inspect(error)])
      expect(text).not.toContain(KEY.slice(4));
    expect(server.received).toHaveLength(0);
  });

  it("the same check applies to KEYAPI_API_KEY", () => {
    process.env.KEYAPI_API_KEY = `${KEY}\nX: 1`;
    try {
      expect(() => createKeyApiClient()).toThrow(AuthenticationError);
    } finally {
      delete process.env.KEYAPI_API_KEY;
    }
  });
});

describe("secrets: a key the server echoes back is redacted wherever it reaches the caller", () => {
  const echo = (status: number): Step =>
    reply.json(
      status,
      { code: status, message: `bad key ${KEY}`, data: null, requestId: `req-${KEY}` },
      { "x-request-id": `hdr-${KEY}` },
    );
  // [name, the server's answer]
  it.each<[string, Step]>([
    ["a 401 whose message and requestId echo the key", echo(401)],
    [
      "a 400 envelope under HTTP 200",
      reply.json(200, { code: 400, message: KEY, data: null, requestId: KEY }),
    ],
    ["a body that is not JSON and holds the key", reply.raw(200, `<html>${KEY}</html>`)],
    ["an empty 500 with the key in x-request-id", reply.raw(500, "", { "x-request-id": KEY })],
  ])("%s", async (_name, step) => {
    server = await startScriptedServer([step]);
    const logs: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => logs.push(m + JSON.stringify(f)),
      info() {},
      warn: (m: string, f?: object) => logs.push(m + JSON.stringify(f)),
      error() {},
    };
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      logger,
      logLevel: "debug",
    });
    const thrown = (await client.get(REVIEWS, { query: QUERY }).catch((e) => e)) as KeyApiError;
    const style = await client
      .GET(REVIEWS, { params: { query: QUERY } })
      .catch((e) => ({ error: e }));
    const texts = [
      thrown.message,
      thrown.requestId ?? "",
      JSON.stringify(thrown),
      inspect(thrown, { depth: 5 }),
      JSON.stringify(style.error ?? null),
      inspect(style.error, { depth: 5 }),
      ...logs,
    ];
    for (const text of texts) expect(text).not.toContain(KEY);
  });
});

describe("secrets: an echo of the key in any JSON or URL encoding is redacted", () => {
  // `/` for PHP's `\/`, `+` and `=` for percent-encoding.
  const key = "sk_live_AbC/dEf+ghI=jk";
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, "0");
  const each = (f: (c: string, i: number) => string) => [...key].map(f).join("");
  // [name, the key as the server writes it inside a JSON string]
  const forms: [string, string][] = [
    ["literal", key],
    ["`\\/` for `/` (PHP json_encode)", key.replaceAll("/", "\\/")],
    ["one char as `\\u00XX`", key.replace("s", "\\u0073")],
    ["every char as `\\u00XX`", each((c) => `\\u00${hex(c)}`)],
    ["uppercase hex `\\u00XX`", each((c) => `\\u00${hex(c).toUpperCase()}`)],
    ["every char as `%XX`", each((c) => `%${hex(c).toUpperCase()}`)],
    ["lowercase `%xx`", each((c) => `%${hex(c)}`)],
    ["URL-encoded (`%2F`, `%2B`, `%3D`)", encodeURIComponent(key)],
    ["`%5F` for `_` only", key.replaceAll("_", "%5F")],
    [
      "mixed: literal, `\\u`, `%`, `\\/`",
      each((c, i) =>
        c === "/" ? "\\/" : [c, `\\u00${hex(c).toUpperCase()}`, `%${hex(c)}`, c][i % 4]!,
      ),
    ],
  ];
  // Every way a surface could still show the key: as it is, JSON-unescaped, percent-decoded.
  const reveals = (text: string) => {
    const unescaped = text
      .replace(/\\u([\da-f]{4})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\(.)/g, "$1");
    const decode = (t: string) =>
      t.replace(/%([\da-f]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return [text, unescaped, decode(text), decode(unescaped)].some((t) => t.includes(key));
  };
  // [name, the answer's status and body, given the echoed form]
  const answers: [string, (echo: string) => Step][] = [
    [
      "a 401 error",
      (echo) =>
        reply.raw(
          401,
          `{"code":401,"message":"bad key ${echo}","data":null,"requestId":"req-${echo}"}`,
          { "x-request-id": `hdr-${echo}` },
        ),
    ],
    [
      "a 200 success",
      (echo) =>
        reply.raw(
          200,
          `{"code":0,"message":"ok","data":[{"review_id":"${echo}"}],"requestId":"req-${echo}"}`,
        ),
    ],
  ];
  const cases = forms.flatMap(([form, echo]) =>
    answers.map(([answer, step]) => [`${form} in ${answer}`, step(echo)] as const),
  );

  it.each(cases)("%s", async (_name, step) => {
    server = await startScriptedServer([step]);
    const logs: string[] = [];
    const line = (m: string, f?: object) => logs.push(m + JSON.stringify(f));
    const logger = { debug: line, info() {}, warn: line, error() {} };
    const client = createKeyApiClient({
      apiKey: key,
      baseUrl: server.url,
      maxRetries: 0,
      logger,
      logLevel: "debug",
    });
    const got = await client.get(REVIEWS, { query: QUERY }).then(
      (data) => ({ data }),
      (error: KeyApiError) => ({ error }),
    );
    const style = await client.GET(REVIEWS, { params: { query: QUERY } });
    const err = "error" in got ? got.error : undefined;
    const surfaces: Record<string, string> = {
      "GET's error": JSON.stringify(style.error ?? null),
      "GET's data": JSON.stringify(style.data ?? null),
      "get's data": JSON.stringify("data" in got ? got.data : null),
      "get's rejection message": err?.message ?? "",
      "String(err)": String(err),
      "JSON.stringify(err)": JSON.stringify(err ?? null),
      "util.inspect(err)": inspect(err, { depth: 5 }),
      requestId: err?.requestId ?? "",
      "debug log lines": logs.join("\n"),
    };
    const leaking = Object.keys(surfaces).filter((s) => reveals(surfaces[s]!));
    expect(leaking).toEqual([]);
    expect(JSON.stringify(surfaces)).toContain("[redacted]");
  });
});

describe("secrets: credentials in a URL", () => {
  // [name, baseUrl given the server's host:port]
  it.each([
    ["user and password", (host: string) => `http://alice:hunter2@${host}`],
    ["user only", (host: string) => `http://alice@${host}`],
    ["password only", (host: string) => `http://:hunter2@${host}`],
    ["https to KeyAPI", () => "https://alice:hunter2@api.keyapi.ai"],
  ])("a baseUrl with %s is refused before anything is sent", async (_name, baseUrl) => {
    server = await startScriptedServer([reply.ok()]);
    let error: unknown;
    try {
      createKeyApiClient({ apiKey: KEY, baseUrl: baseUrl(server.url.slice(7)) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/baseUrl/);
    expect((error as Error).message).toMatch(/credentials in the URL are not supported/);
    for (const text of [String(error), JSON.stringify(error), inspect(error)])
      expect(text).not.toMatch(/alice|hunter2/);
    expect(server.received).toHaveLength(0);
  });

  it("an unparsable baseUrl with credentials is refused without quoting it", () => {
    let error: unknown;
    try {
      createKeyApiClient({ apiKey: KEY, baseUrl: "https://alice:hunter2@api .keyapi.ai" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/baseUrl/);
    for (const text of [String(error), JSON.stringify(error), inspect(error)])
      expect(text).not.toMatch(/alice|hunter2/);
  });

  it("a connection error quoting a URL with credentials has them redacted", async () => {
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: "https://api.keyapi.ai",
      maxRetries: 0,
      fetch: async () => {
        throw new TypeError("could not reach https://alice:hunter2@proxy.example/v1 (refused)");
      },
    });
    const error = await client.get(REVIEWS, { query: QUERY }).catch((e) => e);
    expect(error.message).toContain("https://[redacted]@proxy.example/v1");
    for (const text of [error.message, String(error), JSON.stringify(error)])
      expect(text).not.toMatch(/alice|hunter2/);
  });
});

describe("a success envelope that breaks the vendor's schema is an InvalidResponseError", () => {
  // [name, the server's 200 answer, message]
  it.each<[string, Step, RegExp]>([
    ["no `data`", reply.json(200, { code: 0, message: "success" }), /no `data`/],
    ["a `null` body", reply.raw(200, "null"), /no numeric `code`/],
    ["a 204", (_q, res) => res.writeHead(204).end(), /empty response body/],
    ["an empty body", reply.raw(200, ""), /empty response body/],
    ["`code` as a string", reply.json(200, { code: "0", data: [] }), /no numeric `code`/],
    ["no `code`", reply.json(200, { data: [] }), /no numeric `code`/],
    ["an array body", reply.raw(200, "[]"), /no numeric `code`/],
    ["a number body", reply.raw(200, "42"), /no numeric `code`/],
    ["HTML", reply.raw(200, "<html>maintenance</html>"), /not valid JSON/],
  ])("%s", async (_name, step, message) => {
    server = await startScriptedServer([step]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.get(REVIEWS, { query: QUERY }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(message);
    expect(server.received).toHaveLength(1); // charged already: not bought again
    const walk = client.paginate(REVIEWS, { query: { product_id: "1" } });
    await expect(walk[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe("numeric options are checked at creation", () => {
  // [option, value, message]
  it.each<[string, object, RegExp]>([
    [
      "timeoutMs Infinity",
      { timeoutMs: Infinity },
      /timeoutMs must be > 0 and ≤ 2147483647 ms, got Infinity/,
    ],
    ["timeoutMs 0", { timeoutMs: 0 }, /timeoutMs must be > 0/],
    ["timeoutMs NaN", { timeoutMs: NaN }, /timeoutMs must be .*got NaN/],
    ["timeoutMs as text", { timeoutMs: "100" }, /timeoutMs must be .*got "100"/],
    [
      "maxRetries NaN (retries would never end)",
      { maxRetries: NaN },
      /maxRetries must be a whole number ≥ 0/,
    ],
    ["maxRetries Infinity", { maxRetries: Infinity }, /maxRetries must be a whole number ≥ 0/],
    ["maxRetries -1", { maxRetries: -1 }, /maxRetries/],
    ["maxRetries 1.5", { maxRetries: 1.5 }, /maxRetries/],
    ["maxCredits -1", { maxCredits: -1 }, /maxCredits must be a whole number ≥ 0/],
    ["maxCredits NaN", { maxCredits: NaN }, /maxCredits/],
    ["retry.baseDelayMs -1", { retry: { baseDelayMs: -1 } }, /retry\.baseDelayMs must be ≥ 0/],
    ["retry.maxDelayMs Infinity", { retry: { maxDelayMs: Infinity } }, /retry\.maxDelayMs/],
    [
      "rateLimit.requestsPerSecond 0",
      { rateLimit: { requestsPerSecond: 0 } },
      /rateLimit\.requestsPerSecond must be a finite number > 0/,
    ],
    [
      "rateLimit.requestsPerSecond Infinity",
      { rateLimit: { requestsPerSecond: Infinity } },
      /rateLimit\.requestsPerSecond/,
    ],
    [
      "rateLimit.maxConcurrent 0",
      { rateLimit: { maxConcurrent: 0 } },
      /rateLimit\.maxConcurrent must be a whole number ≥ 1/,
    ],
    ["retryBudget.maxTokens 0", { retryBudget: { maxTokens: 0 } }, /retryBudget\.maxTokens/],
    ["retryBudget.tokenRatio NaN", { retryBudget: { tokenRatio: NaN } }, /retryBudget\.tokenRatio/],
  ])("%s", (_name, options, message) => {
    expect(() => createKeyApiClient({ apiKey: KEY, ...options })).toThrow(message);
  });

  it.each([
    ["timeoutMs", { timeoutMs: Infinity }],
    ["maxRetries", { maxRetries: NaN }],
  ])("per call, %s is checked too: rejected before sending", async (param, call) => {
    server = await startScriptedServer([reply.ok()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.get(REVIEWS, { query: QUERY, ...call }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.param).toBe(param);
    expect(server.received).toHaveLength(0);
  });

  it("valid values pass", () => {
    expect(() =>
      createKeyApiClient({
        apiKey: KEY,
        timeoutMs: 1,
        maxRetries: 0,
        maxCredits: 0,
        retry: { baseDelayMs: 0, maxDelayMs: 0 },
        rateLimit: { requestsPerSecond: 0.5, maxConcurrent: 1 },
        retryBudget: { maxTokens: 1, tokenRatio: 0 },
      }),
    ).not.toThrow();
  });
});

describe("credits: a 2xx whose headers arrived is charged", () => {
  it("bodies cut off under maxCredits 3: at most 3 requests reach the server", async () => {
    server = await startScriptedServer([reply.truncated()]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxCredits: 3,
      retry: { baseDelayMs: 1 },
    });
    for (let i = 0; i < 5; i++) await client.get(REVIEWS, { query: QUERY }).catch(() => undefined);
    expect(server.received.length).toBeLessThanOrEqual(3);
    expect(client.credits.charged).toBe(server.received.length);
    await expect(client.get(REVIEWS, { query: QUERY })).rejects.toBeInstanceOf(
      CreditBudgetExceededError,
    );
  });

  it.each<[string, Step, number]>([
    ["a 200 cut off", reply.truncated(), 1],
    ["a 200 with a broken envelope", reply.json(200, { code: 0 }), 1],
    ["an envelope error under 200", reply.envelope(402, "quota"), 0],
    ["a 500", reply.error(500, "x"), 0],
    ["a 429", reply.error(429, "qps"), 0],
  ])("%s → %i charged", async (_name, step, charged) => {
    server = await startScriptedServer([step]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      retry: { maxRateLimitRetries: 0 },
    });
    await client.get(REVIEWS, { query: QUERY }).catch(() => undefined);
    expect(client.credits.charged).toBe(charged);
  });
});

describe("integers past 2^53 (a vendor sending ids as bare numbers) keep their digits", () => {
  // They differ only past digit 16: JSON.parse reads both as 7312345678901234000.
  const ids = ["7312345678901234567", "7312345678901234568"];
  const body = `{"code":0,"message":"success","data":[{"review_id":${ids[0]},"rating":5},{"review_id":${ids[1]},"rating":4}],"requestId":"req-big"}`;

  it("paginate yields both items, ids as exact digit strings (the dedupe keeps them apart)", async () => {
    server = await startScriptedServer([reply.raw(200, body)]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const walk = client.paginate(REVIEWS, { query: { product_id: "1" } });
    const got: unknown[] = [];
    for await (const review of walk) got.push(review.review_id);
    expect(got).toEqual(ids);
    expect(walk.stats.duplicates).toBe(0);
  });

  it("get's data and GET's data carry the exact digits", async () => {
    server = await startScriptedServer([reply.raw(200, body)]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const data = await client.get(REVIEWS, { query: QUERY });
    const style = await client.GET(REVIEWS, { params: { query: QUERY } });
    for (const list of [data, style.data?.data]) expect(list?.map((r) => r.review_id)).toEqual(ids);
  });
});
