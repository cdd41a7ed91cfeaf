import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../src/index.js";

let mock: MockServer | undefined;
afterEach(() => mock?.close());

const PAGE = "http://127.0.0.1:5173";
const REVIEWS = "/v1/tiktok/product/reviews/analytics?product_id=1&page_num=1&page_size=10";

describe("CORS: a page on another origin may call the mock (the browser itself is in packages/browser-tests)", () => {
  // [case, corsOrigins, request origin, preflight?, status, allow-origin header]
  it.each<
    [
      string,
      readonly string[] | "*" | undefined,
      string | undefined,
      boolean,
      number,
      string | null,
    ]
  >([
    ["preflight, default: any origin", undefined, PAGE, true, 204, PAGE],
    ["preflight, origin listed", [PAGE], PAGE, true, 204, PAGE],
    ["preflight, origin not listed: refused", [PAGE], "http://evil.test", true, 403, null],
    ["request, origin listed", [PAGE], PAGE, false, 200, PAGE],
    [
      "request, origin not listed: answered without the header (the browser blocks it)",
      [PAGE],
      "http://evil.test",
      false,
      200,
      null,
    ],
    ["no origin: not a browser, no CORS headers", [PAGE], undefined, false, 200, null],
  ])("%s", async (_case, corsOrigins, origin, preflight, status, allowOrigin) => {
    mock = await startMockServer(corsOrigins ? { corsOrigins } : {});
    const headers: Record<string, string> = origin ? { origin } : {};
    const res = await fetch(mock.url + REVIEWS, {
      method: preflight ? "OPTIONS" : "GET",
      headers: preflight
        ? {
            ...headers,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
          }
        : { ...headers, authorization: `Bearer ${mock.testKey}` },
    });
    expect(res.status).toBe(status);
    expect(res.headers.get("access-control-allow-origin")).toBe(allowOrigin);
    if (preflight && status === 204) {
      expect(res.headers.get("access-control-allow-headers")).toBe("authorization");
      expect(mock.stats.requests).toBe(0); // a preflight is not a request of the API
    }
    if (!preflight && allowOrigin)
      expect(res.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });
});
