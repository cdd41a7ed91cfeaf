import { describe, expect, it } from "vitest";
import {
  BETA,
  C,
  grown,
  INITIAL,
  MIN_RATE,
  throttled,
  type CubicState,
} from "../src/core/cubic.js";

const after20 = throttled(INITIAL, 20, 0); // a throttle at t = 0 with 20 sent in the last second
const K20 = Math.cbrt((20 * (1 - BETA)) / C);

describe("CUBIC rate (pure)", () => {
  // [case, state before, event, sent in the last second, at (ms), expected rate]
  it.each<[string, CubicState, "throttle" | "success", number, number, number]>([
    [
      "inactive until the first throttle: a success changes nothing",
      INITIAL,
      "success",
      50,
      0,
      Infinity,
    ],
    [
      "the first throttle: the measured rate is the ceiling, cut to β of it",
      INITIAL,
      "throttle",
      20,
      0,
      20 * BETA,
    ],
    [
      "once active, the ceiling is never above the allowed rate",
      after20,
      "throttle",
      30,
      100,
      20 * BETA * BETA,
    ],
    ["a throttle with nothing measured keeps the floor", INITIAL, "throttle", 0, 0, MIN_RATE],
    ["right after the cut the curve starts at β·ceiling", after20, "success", 100, 0, 20 * BETA],
    ["K seconds after the cut it is back at the ceiling", after20, "success", 100, K20 * 1000, 20],
    [
      "two seconds past K it probes above: ceiling + C·2³",
      after20,
      "success",
      100,
      (K20 + 2) * 1000,
      20 + C * 8,
    ],
    [
      "grown no higher than twice the send rate",
      throttled(INITIAL, 2, 0), // ceiling 2, rate 2β; the curve is at 5.2 two seconds past K
      "success",
      2,
      (Math.cbrt((2 * (1 - BETA)) / C) + 2) * 1000,
      4,
    ],
    [
      "never lowered by a success: a quiet second is no throttle",
      after20,
      "success",
      0,
      0,
      20 * BETA,
    ],
    ["never below the floor", throttled(INITIAL, 0.1, 0), "success", 0, 0, MIN_RATE],
  ])("%s", (_case, before, event, sent, at, rate) => {
    const next = event === "throttle" ? throttled(before, sent, at) : grown(before, sent, at);
    expect(next.rate).toBeCloseTo(rate, 9);
  });

  it("BETA is 0.8: a cut from what the vendor accepted need only go under it (docs/client.md)", () => {
    // Chosen on the fake-clock vendor (adaptive-limit.test.ts) and loopback walks: 0.7 held less
    // of the limit, 0.9 overshot more where a 429 takes 1.5 s to come back.
    expect(BETA).toBe(0.8);
  });

  it("K is the time the curve takes back to the ceiling", () => {
    expect(after20.k).toBeCloseTo(K20, 9);
    expect(after20.ceiling).toBe(20);
  });
});
