import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidParamsError } from "@keyapi-tiktok/client";
import { responseValidators } from "@keyapi-tiktok/types/validators";
import { startMockServer, type MockServer } from "../src/index.js";
import { startPrism, type Prism } from "./support/prism.js";
import { operations, sendValid } from "./support/requests.js";

const REVIEWS = "/v1/tiktok/product/reviews/analytics";
const KEY = "sk_test_contract";

// Contract 1: the built client against Prism's mock of the effective spec.
describe("built client ↔ prism mock of the effective spec", () => {
  let prism: Prism;
  beforeAll(async () => {
    prism = await startPrism("mock");
  }, 60_000);
  afterAll(() => prism?.stop());

  it.each(operations)("$method $path with valid parameters succeeds", async (operation) => {
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: prism.url });
    const { data, error, response } = await sendValid(client, operation);
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ code: 0 });
    // This request's own violations, from its response: Prism's log is shared by every test of
    // the file, so one operation's violation there would also fail the operations after it.
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  it("refuses an invalid request (Prism validates what it receives)", async () => {
    const res = await fetch(`${prism.url}${REVIEWS}?page_num=1&page_size=11`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("sl-violations")).toMatch(/product_id/);
    // ...which our client never sends: it stops the same request before the network.
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: prism.url });
    await expect(
      client.get(REVIEWS, { query: { page_num: 1, page_size: 11 } as never }),
    ).rejects.toThrow(InvalidParamsError);
  });
});

// Contract 2: validateResponses against our mock, across operations and page positions.
describe("client (validateResponses) ↔ our mock", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ datasetSize: (id) => (id.length * 37) % 300 });
  });
  afterAll(() => mock.close());

  it("1,000 responses across all operations and page positions validate", async () => {
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: mock.url, validateResponses: true });
    let responses = 0;
    for (let id = 0; responses < 1000; id++) {
      for (const operation of operations) {
        // Pages before, at and after the end of each dataset, including empty ones.
        const positions = operation.op.pagination
          ? [1, 7, 10].flatMap((size) => [1, 2, 5, 30, 31, 300].map((page) => ({ size, page })))
          : [{}];
        for (const position of positions) {
          const { error } = await sendValid(client, operation, { variant: `p${id}`, ...position });
          expect(error).toBeUndefined();
          responses++;
        }
      }
    }
    expect(responses).toBeGreaterThanOrEqual(1000);
    expect(mock.stats.byStatus[200]).toBe(responses);
  });

  it.each([
    ["400", { query: "page_num=1&page_size=11&product_id=1" }],
    ["401", { headers: {} }],
    ["402", { credits: 0 }],
    ["429", { fault: "429" }],
    ["500", { fault: "500" }],
    ["503", { fault: "503" }],
  ])("its %s body matches the spec's ErrorEnvelope", async (status, c) => {
    const m = await startMockServer("credits" in c ? { credits: c.credits } : {});
    try {
      const res = await fetch(
        `${m.url}${REVIEWS}?${"query" in c ? c.query : "product_id=1&page_num=1&page_size=10"}`,
        {
          headers: {
            ...("headers" in c ? c.headers : { authorization: `Bearer ${KEY}` }),
            ...("fault" in c ? { "x-mock-fault": c.fault } : {}),
          },
        },
      );
      expect(String(res.status)).toBe(status);
      const validate = responseValidators[`GET ${REVIEWS} ${status === "503" ? "500" : status}`]!;
      expect(validate(await res.json()), JSON.stringify(validate.errors)).toBe(true);
    } finally {
      await m.close();
    }
  });
});

// Contract 3: Prism proxying to our mock, validating every response against the spec.
describe("our mock behind prism proxy --errors", () => {
  let mock: MockServer;
  let prism: Prism;
  beforeAll(async () => {
    mock = await startMockServer({ credits: { [KEY]: 1_000, sk_test_broke: 0 } });
    prism = await startPrism("proxy", mock.url);
  }, 60_000);
  afterAll(async () => {
    await prism?.stop();
    await mock?.close();
  });

  // Not here, by design: 503 (a gateway fault the spec does not document), a 200 whose envelope
  // carries an error (the vendor's 200 schema does not model it), malformed/truncated/reset.
  it.each([
    ["200, first page", "page_num=1&page_size=10", KEY, undefined, 200],
    ["200, a middle page", "page_num=3&page_size=7", KEY, undefined, 200],
    ["200, an empty page past the end", "page_num=9999&page_size=10", KEY, undefined, 200],
    ["402, no credits", "page_num=1&page_size=10", "sk_test_broke", undefined, 402],
    ["429, qps", "page_num=1&page_size=10", KEY, "429", 429],
    ["500, internal error", "page_num=1&page_size=10", KEY, "500", 500],
  ])("%s: no violation", async (_name, query, key, fault, status) => {
    const res = await fetch(`${prism.url}${REVIEWS}?product_id=1729471493154312768&${query}`, {
      headers: { authorization: `Bearer ${key}`, ...(fault ? { "x-mock-fault": fault } : {}) },
    });
    const body = await res.text();
    expect(res.headers.get("sl-violations"), body).toBeNull();
    expect(res.status, body).toBe(status);
  });

  it("flags a body that breaks the spec (proves the proxy validates)", async () => {
    const res = await fetch(`${prism.url}${REVIEWS}?product_id=1&page_num=1&page_size=10`, {
      headers: { authorization: `Bearer ${KEY}`, "x-mock-fault": "envelope-429" },
    });
    expect(res.headers.get("sl-violations")).toContain("data must be array");
  });
});
