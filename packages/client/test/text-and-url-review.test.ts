import { describe, expect, it } from "vitest";
import { createKeyApiClient } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { clientsOnBothRoads } from "./support/roads.js";

// A hostile review of 76d9f57 (get reads text(); the runtime's fetch gets the URL as built):
// each case passed before it and failed after it, until fixed.

const BODY = '{"code":0,"message":"ok","data":[{"id":"1"}],"requestId":"r"}';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A caller's fetch answering with a Response-like object built from `bytes`. */
const fetchOf = (bytes: Buffer, text?: () => Promise<string>) => {
  let calls = 0;
  const fetch = (async () => {
    calls++;
    return {
      status: 200,
      ok: true,
      statusText: "OK",
      type: "basic",
      url: "",
      headers: new Headers({ "content-type": "application/json" }),
      arrayBuffer: async () => new Uint8Array(bytes).buffer,
      ...(text && { text }),
    };
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
};

describe("get reads a caller's Response-like as GET and openapi-fetch's road do", () => {
  it("one with arrayBuffer() but no text() (attempt.ts accepts it as a Response)", async () => {
    const { fetch, calls } = fetchOf(Buffer.from(BODY));
    const client = createKeyApiClient({
      apiKey: KEY,
      fetch,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect((await client.GET(REVIEWS, { params: { query: QUERY } })).data).toMatchObject({
      code: 0,
    });
    // Now: InvalidResponseError "response body was cut off: TypeError: response.text is not a
    // function", retried: 3 requests, 3 credits charged.
    await expect(client.get(REVIEWS, { query: QUERY })).resolves.toEqual([{ id: "1" }]);
    expect(calls()).toBe(2);
    expect(client.credits).toMatchObject({ requests: 2, retries: 0, charged: 2 });
  });

  it("node-fetch v2's Response (text() is Buffer#toString: a BOM kept) on a body with a BOM", async () => {
    const bytes = Buffer.concat([BOM, Buffer.from(BODY)]);
    const { fetch } = fetchOf(bytes, async () => bytes.toString());
    const [direct, through] = clientsOnBothRoads({ fetch });
    await expect(through.get(REVIEWS, { query: QUERY })).resolves.toEqual([{ id: "1" }]);
    // Now: InvalidResponseError "response is not valid JSON" (and charged).
    await expect(direct.get(REVIEWS, { query: QUERY })).resolves.toEqual([{ id: "1" }]);
  });
});

describe("a baseUrl the parser accepts only once it trims a space off its end", () => {
  // `new URL("http://127.0.0.1:9 ")` trims the space; `"http://127.0.0.1:9 /v1/…"` is no URL.
  // The direct road used to throw the parser's TypeError before any attempt; given the URL as
  // built, the runtime's fetch threw it inside one, and it was retried as a ConnectionError.
  it.each(["http://127.0.0.1:9 ", "http://127.0.0.1:9\u0000", "https://api.keyapi.ai "])(
    "%j: refused at creation, in one line that does not quote it",
    (baseUrl) => {
      expect(() => createKeyApiClient({ apiKey: KEY, baseUrl })).toThrow(
        new RangeError("createKeyApiClient: baseUrl: ends with a space or a control character"),
      );
    },
  );
});
