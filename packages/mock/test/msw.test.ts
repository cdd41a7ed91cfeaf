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
    // Loopback (the mock server compared with) passes; anything else is an error, so no
    // request of this suite can ever reach the real API.
    msw.listen({
      onUnhandledRequest(request) {
        if (new URL(request.url).hostname !== "127.0.0.1")
          throw new Error(`unhandled request to ${request.url}: blocked by the test`);
      },
    });
    mock = await startMockServer({ seed: "same", datasetSize: 42 });
  });
  afterAll(async () => {
    msw.close();
    await mock.close();
  });

  it("let no request they do not handle leave the machine: it is answered with the block", async () => {
    const res = await fetch("https://elsewhere.example/v1/anything");
    // MSW turns the thrown block into a 500 naming it; with "bypass" this was a DNS lookup.
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      "unhandled request to https://elsewhere.example/v1/anything",
    );
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
