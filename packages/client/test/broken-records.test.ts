import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

// What a broken or hostile vendor sends inside a well-formed envelope: the walk keeps every
// record it cannot tell apart from another, and drops only what names an item already yielded.

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the walk's dedupe reads only an id that names one item", () => {
  // [case, the page's review_ids (undefined: no field), the ids yielded, duplicates counted]
  it.each<[string, unknown[], unknown[], number]>([
    ["null ids are no ids: all kept", [null, null, null], [null, null, null], 0],
    ['"" is no id: all kept', ["", "", ""], ["", "", ""], 0],
    ["objects and booleans are no ids", [{}, {}, true, true], [{}, {}, true, true], 0],
    ["missing ids: all kept", [undefined, undefined], [undefined, undefined], 0],
    ["a string id repeated: once", ["a", "a", "b"], ["a", "b"], 1],
    ["a number id repeated: once", [5, 5, 6], [5, 6], 1],
    ["broken records beside repeats", [null, "a", null, "a", ""], [null, "a", null, ""], 1],
  ])("%s", async (_case, ids, yielded, duplicates) => {
    const data = ids.map((id, i) => (id === undefined ? { n: i } : { review_id: id, n: i }));
    server = await startScriptedServer([reply.json(200, { code: 0, message: "success", data })]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const walk = client.paginate(REVIEWS, { query: { product_id: "1" } });
    const got: unknown[] = [];
    for await (const review of walk) got.push((review as { review_id?: unknown }).review_id);
    expect(got).toEqual(yielded);
    expect(walk.stats.duplicates).toBe(duplicates);
  });
});

describe("the server's text in an error message and a log line is one inert line", () => {
  // [case, the server's answer, what the message shows]
  it.each<[string, () => ReturnType<typeof reply.json>, string]>([
    [
      "a 400 that would forge a log line and set the terminal's title",
      () => reply.error(400, "bad\u001b[2K\r\n[INFO] payment approved\u001b]0;owned\u0007"),
      "bad\\u001b[2K\\u000d\\u000a[INFO] payment approved\\u001b]0;owned\\u0007 (HTTP 400)",
    ],
    [
      "an 8-bit CSI and a bidi override",
      () => reply.error(400, "x\u009b2Jy\u202egnp.exe"),
      "x\\u009b2Jy\\u202egnp.exe (HTTP 400)",
    ],
    [
      "a message with nothing to escape",
      () => reply.error(400, "page_size: bad"),
      "page_size: bad (HTTP 400)",
    ],
    // Escaped, then cut at 1,000 characters, never inside an escape (`\u00…`).
    [
      "a long message with an escape at the cut",
      () => reply.error(400, `${"A".repeat(997)}\u001b tail`),
      `${"A".repeat(997)}…`,
    ],
    [
      "5,000 bells: 1,000 characters, not 30,000",
      () => reply.error(400, "\u0007".repeat(5_000)),
      `${"\\u0007".repeat(166)}…`,
    ],
  ])("%s", async (_case, answer, shown) => {
    server = await startScriptedServer([answer()]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const error = await client.get(REVIEWS, { query: QUERY }).catch((e: Error) => e);
    expect((error as Error).message).toBe(shown);
  });

  it("the retry's warn line carries the escaped text", async () => {
    server = await startScriptedServer([
      reply.error(500, "down\r\nFAKE LINE\u001b[31m"),
      reply.ok(),
    ]);
    const lines: string[] = [];
    const logger = { ...console, debug: () => {}, warn: (m: string) => void lines.push(m) };
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, logger });
    await client.get(REVIEWS, { query: QUERY });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("down\\u000d\\u000aFAKE LINE\\u001b[31m (HTTP 500)");
    expect(lines[0]).not.toMatch(/[\r\n\u001b]/);
  });
});

describe("a body too large for the runtime to hold is read once, charged once, not retried", () => {
  // A string past V8's limit (512 MB of text on Node 20) fails the same way each time: it was
  // read as "cut off" and retried, each time charged. Made here by a Response whose text() asks
  // the runtime for a string past its limit (the real RangeError, without 512 MB in a test).
  class Huge extends Response {
    override text = async () => "x".repeat(2 ** 30);
  }
  // [case, the answer, the error's message (undefined: a success), requests sent, charged]
  it.each<[string, () => Response, RegExp | undefined, number, number]>([
    ["too large", () => new Huge("{}"), /^response too large to read: RangeError/, 1, 1],
    ["a body of ordinary size", () => new Response('{"code":0,"data":[]}'), undefined, 1, 1],
    // No answer came: a caller's fetch that throws a RangeError is a connection failure, retried.
    [
      "a fetch that throws a RangeError before any answer",
      () => {
        throw new RangeError("status 999 is out of range");
      },
      /^connection failed: status 999 is out of range/,
      4,
      0,
    ],
  ])("%s", async (_case, answer, message, requests, charged) => {
    let sent = 0;
    const fetch = async () => (sent++, answer());
    const client = createKeyApiClient({
      apiKey: KEY,
      fetch,
      maxRetries: 3,
      retry: { baseDelayMs: 0 },
    });
    const error = await client.get(REVIEWS, { query: QUERY }).then(
      () => undefined,
      (e: Error) => e,
    );
    if (message) expect(error?.message).toMatch(message);
    else expect(error).toBeUndefined();
    expect(sent).toBe(requests);
    expect(client.credits.charged).toBe(charged);
  });
});
