import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  createKeyApiClient,
  CreditBudgetExceededError,
  InvalidResponseError,
  KeyApiError,
  TimeoutError,
} from "../src/index.js";
import { redactMessage } from "../src/core/auth.js";
import { quoteBigIntegers } from "../src/core/big-integers.js";
import { QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

// What a hostile tester found in the first version of round two's redaction, integer scan and
// credit rule; each row failed before its fix.

const KEY = "sk_live_AbC/dEf+ghI=jk";
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const client = (url: string, options: object = {}) =>
  createKeyApiClient({ apiKey: KEY, baseUrl: url, maxRetries: 0, ...options });
const envelope = (data: unknown, message = "success") => ({
  code: 0,
  message,
  data,
  requestId: "r",
});
const leaks = (text: string) => /AbC.?.?.?dEf|abc.?.?.?def/i.test(text);

describe("the key in forms the first pattern missed", () => {
  // [form, how the server echoes it inside a JSON string]
  it.each<[string, string]>([
    ["JSON inside JSON (\\\\/)", KEY.replace("/", "\\\\\\/")],
    ["upper case", KEY.toUpperCase()],
    ["percent-encoded twice", encodeURIComponent(encodeURIComponent(KEY))],
    ["after an escaped backslash (C:\\\\key)", `C:\\\\${KEY}`],
  ])("%s", async (_form, echo) => {
    const text = `{"code":0,"message":"success","data":[{"review_id":"1","display_text":"${echo}"}],"requestId":"r"}`;
    server = await startScriptedServer([reply.raw(200, text)]);
    const data = (await client(server.url).get(REVIEWS, { query: QUERY })) as unknown[];
    expect(leaks(JSON.stringify(data))).toBe(false);
    expect(JSON.stringify(data)).toContain("[redacted]");
  });

  it("in a header, the status text and GET's response", async () => {
    server = await startScriptedServer([
      (_req, res) => {
        res.writeHead(200, `OK ${KEY}`, { "content-type": "application/json", "x-echo": KEY });
        res.end(JSON.stringify(envelope([])));
      },
    ]);
    const { response } = await client(server.url).GET(REVIEWS, { params: { query: QUERY } });
    expect(response.headers.get("x-echo")).toBe("[redacted]");
    expect(leaks(response.statusText)).toBe(false);
  });

  it("in a custom fetch's error and its cause: util.inspect shows no key", async () => {
    const failing = (async (url: string) => {
      const inner = new Error(`socket closed; Authorization: Bearer ${KEY}`);
      throw Object.assign(new TypeError(`fetch ${url} failed for ${KEY}`), {
        cause: inner,
        code: "ECONNRESET",
      });
    }) as unknown as typeof fetch;
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:9",
      fetch: failing,
      maxRetries: 0,
    });
    const error = await c.get(REVIEWS, { query: QUERY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyApiError);
    for (const text of [inspect(error, { depth: 5 }), String(error), JSON.stringify(error)])
      expect(leaks(text), text).toBe(false);
    expect(((error as Error).cause as { code?: string }).code).toBe("ECONNRESET");
  });
});

describe("bodies that are hard to scan", () => {
  it("a 10 MB string beside a 16-digit number: read, exact, charged", async () => {
    const body = `{"code":0,"message":"success","requestId":"r","data":[{"review_id":"1","t":1727000000000000,"display_text":"${"x".repeat(10_000_000)}"}]}`;
    server = await startScriptedServer([reply.raw(200, body)]);
    const c = client(server.url, { maxCredits: 1 });
    const data = (await c.get(REVIEWS, { query: QUERY })) as { t: number }[];
    expect(data[0]!.t).toBe(1727000000000000);
    expect(c.credits.charged).toBe(1);
  });

  // Linear work: each would take minutes if quadratic (the test's own timeout ends it).
  it.each<[string, () => string]>([
    ["a message of 200,000 dots and letters", () => redactMessage("a.".repeat(100_000), KEY)],
    [
      "a big integer, then an unterminated string of escaped quotes",
      () => quoteBigIntegers(`{"id":12345678901234567,"s":"${'\\"'.repeat(100_000)}`),
    ],
    ["a body of backslashes", () => redactMessage("\\".repeat(1_000_000), KEY)],
  ])("%s", { timeout: 5_000 }, (_name, run) => {
    expect(run().length).toBeGreaterThan(0);
  });

  it("an error message is cut to 1,000 characters, after redaction", () => {
    const message = redactMessage(`${"x".repeat(995)}${KEY}${"y".repeat(50_000)}`, KEY);
    expect(message.length).toBeLessThanOrEqual(1_001);
    expect(leaks(message)).toBe(false);
  });

  it("leading zeros stay invalid JSON", async () => {
    server = await startScriptedServer([
      reply.raw(
        200,
        '{"code":0,"message":"s","requestId":"r","data":[{"review_id":00000000000000000042}]}',
      ),
    ]);
    await expect(client(server.url).get(REVIEWS, { query: QUERY })).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });
});

describe("money: a timeout before any headers was still sent", () => {
  it("maxCredits 2 with attempts timing out: the server never serves more than 2", async () => {
    server = await startScriptedServer([reply.delay(150, reply.json(200, envelope([])))]);
    const c = client(server.url, { maxCredits: 2, timeoutMs: 40, maxRetries: 5 });
    const error = await c.get(REVIEWS, { query: QUERY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreditBudgetExceededError);
    expect(server.received).toHaveLength(2);
    expect(c.credits.charged).toBe(2);
    await expect(
      client(server.url, { timeoutMs: 40 }).get(REVIEWS, { query: QUERY }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("baseUrl", () => {
  it.each([["user:hunter2pw@host"], ["localhost:8080"], ["mailto:a:hunter2pw@h"], ["ftp://h/x"]])(
    "%s is refused at creation, nothing echoed",
    (baseUrl) => {
      expect(() => createKeyApiClient({ apiKey: KEY, baseUrl })).toThrow(
        /baseUrl is not an http\(s\) URL$/,
      );
    },
  );

  it("a password with an @ in it is hidden whole in a message", () => {
    expect(redactMessage("GET http://admin:s3c@hunter2pw@host/x failed", KEY)).toBe(
      "GET http://[redacted]@host/x failed",
    );
  });
});
