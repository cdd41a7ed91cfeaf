import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../src/index.js";
import { exampleItems, operations, validRequest } from "./support/requests.js";

const REVIEWS = "/v1/tiktok/product/reviews/analytics";
const KEY = "sk_test_mock_key";
let mock: MockServer | undefined;
afterEach(() => mock?.close());

async function get(
  url: string,
  headers: Record<string, string> = { authorization: `Bearer ${KEY}` },
) {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}
const page = (n: number, size = 10, id = "1729471493154312768") =>
  `${REVIEWS}?product_id=${id}&page_num=${n}&page_size=${size}`;

describe("startMockServer", () => {
  it.each(operations)("routes $method $path and answers with requestId", async (operation) => {
    mock = await startMockServer();
    const { url, body } = validRequest(operation);
    const res = await fetch(`${mock.url}${url}`, {
      method: operation.method.toUpperCase(),
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as any;
    expect(res.status, JSON.stringify(json)).toBe(200);
    expect(json).toMatchObject({ code: 0, message: "success" });
    expect(json.requestId).toMatch(/^mock-/);
    expect(res.headers.get("x-request-id")).toBe(json.requestId);
  });

  it.each(operations.filter(({ op }) => op.params.some((p) => p.in === "body" && p.required)))(
    "$method $path: a body without its required field is the vendor's 400, nothing charged",
    async (operation) => {
      mock = await startMockServer();
      const res = await fetch(`${mock.url}${validRequest(operation).url}`, {
        method: operation.method.toUpperCase(),
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: "{}",
      });
      const json = (await res.json()) as any;
      expect(res.status).toBe(400);
      expect(json).toMatchObject({
        code: 400,
        data: null,
        message: expect.stringMatching(/^Missing required parameter: body\./),
      });
      expect(mock.stats.charged).toEqual({});
    },
  );

  it.each(operations.filter(({ op }) => op.pagination))(
    "$method $path: a finite dataset, pages of page_size, deterministic per seed",
    async (operation) => {
      mock = await startMockServer({ datasetSize: 23, seed: "s" });
      const pageOf = async (page: number) => {
        const res = await fetch(`${mock!.url}${validRequest(operation, { page, size: 10 }).url}`, {
          headers: { authorization: `Bearer ${KEY}` },
        });
        const json = (await res.json()) as any;
        return operation.op
          .pagination!.itemsPath.split(".")
          .reduce((n: any, k) => n?.[k], json) as unknown[];
      };
      const pages = [await pageOf(1), await pageOf(2), await pageOf(3), await pageOf(4)];
      expect(pages.map((p) => p.length)).toEqual([10, 10, 3, 0]);
      expect(await pageOf(2)).toEqual(pages[1]);
      expect(new Set(pages.flat().map((x) => JSON.stringify(x))).size).toBe(23);
      // The spec's example (when it has one) is the first item, its text fields echoing the query.
      const example = exampleItems(operation);
      if (example) {
        const nonText = Object.keys(example).filter((k) => typeof example[k] !== "string");
        for (const k of nonText) expect((pages[0]![0] as any)[k]).toEqual(example[k]);
      }
    },
  );

  // [name, request, status, vendor message]
  it.each([
    ["missing key", { path: page(1), headers: {} }, 401, "apiKey is null"],
    [
      "unknown key",
      { path: page(1), headers: { authorization: "Bearer nope" } },
      401,
      "apiKey is invalid",
    ],
    [
      "missing product_id",
      { path: `${REVIEWS}?page_num=1&page_size=10` },
      400,
      "Missing required parameter: product_id",
    ],
    [
      "page_size above 10",
      { path: page(1, 11) },
      400,
      "Invalid parameter: page_size (must be ≤ 10, got 11)",
    ],
    [
      "page_num not a number",
      { path: `${REVIEWS}?product_id=1&page_num=x&page_size=10` },
      400,
      "Invalid parameter: page_num",
    ],
    ["scripted 503", { path: page(1), fault: "503" }, 503, "Service unavailable"],
    ["scripted 500", { path: page(1), fault: "500" }, 500, "Internal server error"],
    ["scripted 429", { path: page(1), fault: "429" }, 429, "qps limit exceeded"],
    [
      "scripted envelope 429 under HTTP 200",
      { path: page(1), fault: "envelope-429" },
      200,
      "qps limit exceeded",
    ],
  ])("%s: answered in the vendor's envelope", async (_name, req, status, message) => {
    mock = await startMockServer();
    const headers: Record<string, string> = {
      ...("headers" in req ? req.headers : { authorization: `Bearer ${KEY}` }),
      ...("fault" in req ? { "x-mock-fault": req.fault } : {}),
    };
    const r = await get(mock.url + req.path, headers);
    expect(r.status).toBe(status);
    expect(r.body.message).toContain(message);
    expect(r.body).toMatchObject({ data: null, requestId: expect.stringMatching(/^mock-/) });
  });

  it("spends credits per key and answers 402 when they run out", async () => {
    mock = await startMockServer({ credits: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(mock.url + page(1))).status);
    expect(statuses).toEqual([200, 200, 200, 402, 402]);
    expect(mock.stats.charged[KEY]).toBe(3);
  });

  it("enforces qps with 429 qps limit exceeded", async () => {
    mock = await startMockServer({ qps: 5 });
    const results = await Promise.all(Array.from({ length: 8 }, () => get(mock!.url + page(1))));
    expect(results.filter((r) => r.status === 429)).toHaveLength(3);
    expect(results.find((r) => r.status === 429)!.body.message).toBe("qps limit exceeded");
  });

  it("serves a deterministic dataset per seed and id, paged by the spec's parameters", async () => {
    mock = await startMockServer({ seed: "s1", datasetSize: 25 });
    const other = await startMockServer({ seed: "s1", datasetSize: 25 });
    const third = await startMockServer({ seed: "s2", datasetSize: 25 });
    try {
      const a = await get(mock.url + page(2, 10));
      expect((await get(other.url + page(2, 10))).body.data).toEqual(a.body.data);
      expect((await get(third.url + page(2, 10))).body.data).not.toEqual(a.body.data);
      expect((await get(mock.url + page(3, 10))).body.data).toHaveLength(5);
      expect((await get(mock.url + page(4, 10))).body.data).toEqual([]);
      const p1 = (await get(mock.url + page(1, 5))).body.data;
      const p2 = (await get(mock.url + page(2, 5))).body.data;
      expect((await get(mock.url + page(1, 10))).body.data).toEqual([...p1, ...p2]);
    } finally {
      await other.close();
      await third.close();
    }
  });

  it("makes realistic reviews: every star, texts with commas, quotes, emoji and newlines", async () => {
    mock = await startMockServer({ datasetSize: 500 });
    const reviews: any[] = [];
    for (let n = 1; n <= 50; n++) reviews.push(...(await get(mock.url + page(n))).body.data);
    expect(reviews).toHaveLength(500);
    expect(new Set(reviews.map((r) => r.rating))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(reviews.filter((r) => r.rating === 5).length).toBeGreaterThan(
      reviews.filter((r) => r.rating === 2).length,
    );
    const texts = reviews.map((r) => r.display_text).join("");
    for (const needle of [",", '"', "\n", "😕"]) expect(texts).toContain(needle);
    expect(new Set(reviews.map((r) => r.review_id)).size).toBe(500);
    expect(
      reviews.every((r) => /^\d{19}$/.test(r.review_id) && r.product_id === "1729471493154312768"),
    ).toBe(true);
    const times = reviews.map((r) => r.review_timestamp);
    expect([...times].sort((x, y) => y - x)).toEqual(times); // newest first
    expect(new Set(reviews.map((r) => r.sku_specification)).size).toBeGreaterThan(1);
  });

  it("injects random faults at the configured rates, reproducibly", async () => {
    const run = async () => {
      const m = await startMockServer({ faults: { error500: 0.2, error503: 0.2 }, seed: "f" });
      const statuses = [];
      for (let i = 0; i < 50; i++) statuses.push((await get(m.url + page(1))).status);
      await m.close();
      return statuses;
    };
    const [a, b] = [await run(), await run()];
    expect(a).toEqual(b);
    expect(a.filter((s) => s >= 500).length).toBeGreaterThan(5);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(15);
  });
});
