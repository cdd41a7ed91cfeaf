import { describe, expect, it } from "vitest";
import {
  backoffMs,
  decideRetry,
  isRetryableStatus,
  isSafeMethod,
  serverWaitMs,
} from "../src/core/retry-policy.js";

describe("isRetryableStatus", () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [599, true],
    [400, false],
    [401, false],
    [402, false],
    [403, false],
    [404, false],
    [200, false],
  ])("%i → %s", (status, want) => expect(isRetryableStatus(status)).toBe(want));
});

describe("isSafeMethod", () => {
  it.each([
    ["GET", true],
    ["HEAD", true],
    ["OPTIONS", true],
    ["POST", false],
    ["PATCH", false],
    ["DELETE", false],
  ])("%s → %s", (method, want) => expect(isSafeMethod(method)).toBe(want));
});

describe("serverWaitMs", () => {
  const now = Date.parse("2026-11-27T10:00:00Z");
  it.each([
    ["Retry-After seconds", { "retry-after": "3" }, 3000],
    ["Retry-After fractional", { "retry-after": "0.5" }, 500],
    ["Retry-After date in the past", { "retry-after": "Fri, 27 Nov 2026 09:00:00 GMT" }, 0],
    ["retry-after-ms wins", { "retry-after-ms": "250", "retry-after": "3" }, 250],
    ["padded seconds", { "retry-after": " 2 " }, 2000],
    ["retry-after-ms junk falls back", { "retry-after-ms": "x", "retry-after": "1" }, 1000],
    ["retry-after-ms Infinity is junk", { "retry-after-ms": "Infinity" }, undefined],
    ["absent", {}, undefined],
    // The three HTTP-date forms RFC 9110 names, always GMT (asctime says so by convention only).
    ["IMF-fixdate", { "retry-after": "Fri, 27 Nov 2026 10:00:02 GMT" }, 2000],
    ["RFC 850", { "retry-after": "Friday, 27-Nov-26 10:00:05 GMT" }, 5000],
    ["RFC 850 in the past", { "retry-after": "Thursday, 26-Nov-26 10:00:00 GMT" }, 0],
    ["RFC 850 year 94 is 1994", { "retry-after": "Sunday, 06-Nov-94 08:49:37 GMT" }, 0],
    ["asctime", { "retry-after": "Fri Nov 27 10:00:03 2026" }, 3000],
    ["asctime, one-digit day", { "retry-after": "Fri Nov  6 08:49:37 2026" }, 0],
    ["asctime in the past", { "retry-after": "Sun Nov  6 08:49:37 1994" }, 0],
  ])("%s", (_name, headers, want) => expect(serverWaitMs(new Headers(headers), now)).toBe(want));

  it("an asctime date is GMT whatever the process's time zone", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const headers = new Headers({ "retry-after": "Fri Nov 27 10:00:03 2026" });
      expect(serverWaitMs(headers, now)).toBe(3000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  // Junk must mean "no wait given" (normal backoff), never a date V8 guesses in the past (0 ms).
  it.each([
    "1 2",
    "5, 7",
    "soon",
    "-1",
    "-5",
    "1e3",
    "0x10",
    "Infinity",
    "",
    "12abc",
    "2026-11-27T10:00:02Z",
    "Fri, 27 Nov 2026 10:00:02",
    "Fri, 27 Nov 26 10:00:02 GMT",
    "Friday, 27 Nov 2026 10:00:02 GMT",
  ])("Retry-After %j is junk", (after) =>
    expect(serverWaitMs(new Headers({ "retry-after": after }), now)).toBeUndefined(),
  );
});

describe("backoffMs (full jitter)", () => {
  it.each([
    [1, 0.999, 500],
    [2, 0.999, 999],
    [3, 0.5, 1000],
    [6, 0.999, 7992], // capped at maxDelayMs 8000
    [1, 0, 0],
  ])("retry %i with random %f → %i", (retry, r, want) =>
    expect(backoffMs(retry, 500, 8000, () => r)).toBe(want),
  );
});

describe("decideRetry: one pure function, every clause", () => {
  const base = {
    retryable: true,
    attempt: 1,
    maxRetries: 2,
    method: "GET",
    retryUnsafeMethods: false,
    serverWaitMs: undefined as number | undefined,
    throttled: false,
    throttledRetries: 0,
    maxThrottledRetries: 30,
  };
  // [name, facts, hook answer, budget allows, decision, hook asked, budget asked]
  it.each([
    ["a retryable first failure", {}, undefined, true, "retry", true, true],
    ["not retryable (400)", { retryable: false }, undefined, true, "not retryable", false, false],
    ["the last attempt allowed", { attempt: 3 }, undefined, true, "out of retries", false, false],
    ["maxRetries 0", { maxRetries: 0 }, undefined, true, "out of retries", false, false],
    ["POST without opt-in", { method: "POST" }, undefined, true, "unsafe method", false, false],
    [
      "POST with opt-in",
      { method: "POST", retryUnsafeMethods: true },
      undefined,
      true,
      "retry",
      true,
      true,
    ],
    [
      "a server wait over 60 s",
      { serverWaitMs: 61_000 },
      undefined,
      true,
      "server wait too long",
      false,
      false,
    ],
    ["a server wait of 60 s", { serverWaitMs: 60_000 }, undefined, true, "retry", true, true],
    ["the hook vetoes", {}, false, true, "vetoed by shouldRetry", true, false],
    ["the hook allows explicitly", {}, true, true, "retry", true, true],
    ["the budget is spent", {}, undefined, false, "retry budget exhausted", true, true],
    [
      "a 429 past maxRetries: its own bound, the budget not asked",
      { throttled: true, attempt: 1, throttledRetries: 7, maxRetries: 0 },
      undefined,
      false,
      "retry",
      true,
      false,
    ],
    [
      "a 429 at its bound",
      { throttled: true, throttledRetries: 30 },
      undefined,
      true,
      "rate limited too long",
      false,
      false,
    ],
    [
      "a 429 the hook vetoes",
      { throttled: true },
      false,
      true,
      "vetoed by shouldRetry",
      true,
      false,
    ],
  ] as const)("%s → %s", (_name, facts, hook, budget, want, hookAsked, budgetAsked) => {
    const asked = { hook: false, budget: false };
    const got = decideRetry({
      ...base,
      ...facts,
      shouldRetry: () => ((asked.hook = true), hook),
      budgetAllows: () => ((asked.budget = true), budget),
    });
    expect([got, asked.hook, asked.budget]).toEqual([want, hookAsked, budgetAsked]);
  });
});
