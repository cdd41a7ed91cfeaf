import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyApiClient } from "@keyapi-tiktok/client";
import { createMockHandlers } from "../src/msw.js";
import { startMockServer, type MockServer } from "../src/index.js";

const REVIEWS = "/v1/tiktok/product/reviews/analytics";
const BASE = "https://api.keyapi.ai";

describe("MSW handlers", () => {
  const msw = setupServer(
    ...createMockHandlers({ baseUrl: BASE, seed: "same", datasetSize: 42, credits: 100 }),
  );
  // Made before msw.listen(): it still goes through MSW because fetch is looked up per call.
  const viaMsw = createKeyApiClient({ apiKey: "sk_test_unit", baseUrl: BASE });
  let mock: MockServer;
  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: "bypass" });
    mock = await startMockServer({ seed: "same", datasetSize: 42 });
  });
  afterAll(async () => {
    msw.close();
    await mock.close();
  });

  it("serve the same data as the server for the same seed", async () => {
    const viaServer = createKeyApiClient({ apiKey: "sk_test_unit", baseUrl: mock.url });
    const collect = async (c: typeof viaMsw) => {
      const out = [];
      for await (const r of c.paginate(REVIEWS, { query: { product_id: "1729471493154312768" } }))
        out.push(r);
      return out;
    };
    const [a, b] = [await collect(viaMsw), await collect(viaServer)];
    expect(a).toHaveLength(42);
    expect(a).toEqual(b);
  });

  it("answer errors in the vendor's envelope (auth, params, scripted faults)", async () => {
    const res = await fetch(`${BASE}${REVIEWS}?product_id=1&page_num=1&page_size=11`, {
      headers: { authorization: "Bearer sk_test_unit" },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 400,
      message: expect.stringContaining("page_size"),
      data: null,
    });
    const fault = await fetch(`${BASE}${REVIEWS}?product_id=1&page_num=1&page_size=10`, {
      headers: { authorization: "Bearer sk_test_unit", "x-mock-fault": "503" },
    });
    expect(fault.status).toBe(503);
    expect((await fetch(`${BASE}${REVIEWS}?product_id=1&page_num=1&page_size=10`)).status).toBe(
      401,
    );
  });
});
