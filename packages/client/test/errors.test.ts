import { describe, expect, it } from "vitest";
import {
  createKeyApiClient,
  CreditBudgetExceededError,
  InvalidParamsError,
  KeyApiError,
  RateLimitError,
  TimeoutError,
} from "../src/index.js";

const where = { method: "GET", path: "/p", attempts: 2 };

describe("toJSON", () => {
  // [error, exactly the JSON it must serialise to]
  it.each([
    [
      new KeyApiError("plain", { ...where, status: 418, code: 418, requestId: "r" }),
      { name: "KeyApiError", message: "plain", status: 418, code: 418, requestId: "r", ...where },
    ],
    [
      new RateLimitError("slow down", { ...where, status: 429, retryAfterMs: 1500 }),
      { name: "RateLimitError", message: "slow down", status: 429, retryAfterMs: 1500, ...where },
    ],
    [
      new TimeoutError("late", { ...where, cause: new Error("socket detail") }),
      { name: "TimeoutError", message: "late", ...where },
    ],
    [
      new InvalidParamsError([{ param: "page_size", message: "must be ≤ 10, got 11" }], where),
      {
        name: "InvalidParamsError",
        message: "page_size: must be ≤ 10, got 11",
        issues: [{ param: "page_size", message: "must be ≤ 10, got 11" }],
        ...where,
        attempts: 0,
      },
    ],
  ])("%s", (error, want) => {
    expect(JSON.parse(JSON.stringify(error))).toStrictEqual(want);
  });

  it("keeps the cause on the error, out of the JSON", () => {
    const cause = new Error("socket detail");
    const error = new TimeoutError("late", { cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain("socket");
    expect(new KeyApiError("x")).not.toHaveProperty("cause");
  });
});

describe("reason: why the client refused a call itself, for code to branch on", () => {
  // [case, the client's options, the call's, the error's class and reason]
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, string | undefined]>([
    ["no key for KeyAPI itself", { apiKey: "" }, {}, "AuthenticationError", "no-api-key"],
    [
      "plain http to another machine",
      { apiKey: "sk_test_x", baseUrl: "http://api.example.invalid" },
      {},
      "InsecureTransportError",
      "insecure-transport",
    ],
    [
      "the budget spent",
      { apiKey: "sk_test_x", baseUrl: "http://127.0.0.1:9", maxCredits: 0 },
      {},
      "CreditBudgetExceededError",
      "max-credits",
    ],
    [
      "a parameter broken (its own class says it)",
      { apiKey: "sk_test_x", baseUrl: "http://127.0.0.1:9" },
      { page_size: 11 },
      "InvalidParamsError",
      undefined,
    ],
  ])("%s", async (_case, options, query, name, reason) => {
    const saved = process.env.KEYAPI_API_KEY;
    delete process.env.KEYAPI_API_KEY;
    try {
      const client = createKeyApiClient({ retry: { maxRateLimitRetries: 0 }, ...options });
      const error = await client
        .get("/v1/tiktok/product/reviews/analytics", {
          query: { product_id: "1", page_num: 1, page_size: 10, ...query },
        })
        .then(
          () => undefined as never,
          (e: KeyApiError) => e,
        );
      expect(error.name).toBe(name);
      expect(error.reason).toBe(reason);
      expect(error.toJSON().reason).toBe(reason);
      if (reason === "max-credits") expect((error as CreditBudgetExceededError).maxCredits).toBe(0);
    } finally {
      if (saved !== undefined) process.env.KEYAPI_API_KEY = saved;
    }
  });
});
