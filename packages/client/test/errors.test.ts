import { describe, expect, it } from "vitest";
import { InvalidParamsError, KeyApiError, RateLimitError, TimeoutError } from "../src/index.js";

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
