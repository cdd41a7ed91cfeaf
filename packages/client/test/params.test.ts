import { describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidParamsError, type KeyApiClient } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";

function countingFetch() {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    calls.push(String(input));
    return new Response(JSON.stringify({ code: 0, message: "success", data: [], requestId: "r" }));
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

// [name, query given, the parameter the error must name, a fragment of its message]
const cases: [string, Record<string, unknown>, string, RegExp][] = [
  [
    "page_size above the overlay's maximum",
    { ...QUERY, page_size: 11 },
    "page_size",
    /≤ 10, got 11/,
  ],
  ["page_size of 0", { ...QUERY, page_size: 0 }, "page_size", /≥ 1/],
  ["page_num above 100000", { ...QUERY, page_num: 100_001 }, "page_num", /≤ 100000/],
  ["page_num not an integer", { ...QUERY, page_num: 1.5 }, "page_num", /expected integer/],
  ["page_num as a string", { ...QUERY, page_num: "1" }, "page_num", /expected integer, got "1"/],
  [
    "product_id missing",
    { page_num: 1, page_size: 10 },
    "product_id",
    /required query parameter is missing/,
  ],
  ["product_id as a number", { ...QUERY, product_id: 17 }, "product_id", /expected string/],
  [
    "an unknown parameter",
    { ...QUERY, pagesize: 10 },
    "pagesize",
    /not a query parameter .*known: product_id, page_num, page_size/,
  ],
];

describe("invalid parameters fail before any request (no credit spent)", () => {
  it.each(cases)("%s", async (_name, query, param, message) => {
    const { calls, fetch } = countingFetch();
    const client = createKeyApiClient({ apiKey: KEY, fetch });
    const error = await client
      .get(REVIEWS, { query: query as typeof QUERY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect((error as InvalidParamsError).param).toBe(param);
    expect((error as InvalidParamsError).message).toMatch(message);
    expect((error as InvalidParamsError).attempts).toBe(0);
    expect(calls).toEqual([]);
  });

  it.each([
    [
      "GET",
      (c: KeyApiClient) => c.GET(REVIEWS, { params: { query: { ...QUERY, page_size: 11 } } }),
    ],
    [
      "request()",
      (c: KeyApiClient) =>
        c.request("get", REVIEWS, { params: { query: { ...QUERY, page_size: 11 } } }),
    ],
  ])("applies to openapi-fetch's %s too", async (_name, call) => {
    const { calls, fetch } = countingFetch();
    const client = createKeyApiClient({ apiKey: KEY, fetch });
    await expect(call(client)).rejects.toThrow(InvalidParamsError);
    expect(calls).toEqual([]);
  });

  it("rejects a path that is not in the spec", async () => {
    const client = createKeyApiClient({ apiKey: KEY, fetch: countingFetch().fetch });
    await expect(client.GET("/v1/tiktok/nope" as never)).rejects.toThrow(
      /GET \/v1\/tiktok\/nope is not an operation of the spec/,
    );
  });

  it("sends valid parameters, serialised as the spec says", async () => {
    const { calls, fetch } = countingFetch();
    await createKeyApiClient({ apiKey: KEY, fetch }).get(REVIEWS, { query: QUERY });
    expect(calls).toEqual([
      `https://api.keyapi.ai${REVIEWS}?product_id=1729471493154312768&page_num=1&page_size=10`,
    ]);
  });
});
