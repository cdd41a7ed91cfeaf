import { describe, expect, it } from "vitest";
import { createThrottle } from "../src/core/throttle.js";
import { simulateVendor } from "./support/limited-vendor-sim.js";

// Five minutes on a fake clock against a vendor with a sliding-second limit, the limit never
// given: the adaptive rule alone must find it and stay there. The first burst (every worker at
// once, no rate known yet) overshoots; a rule whose ceiling is what the client sent, not what
// the vendor accepted, levelled off at 1.8–2.6 times the limit with 40–60% refused (a review).
describe("the adaptive limit settles at the key's limit", () => {
  it.each([
    // [case, limiters sharing the key, workers each, limit, latency ms]
    ["one walk's window at 1.5 s", 1, 31, 20, 1500],
    ["8 at once at 250 ms", 1, 8, 20, 250],
    ["64 at once on a 5-a-second key, 200 ms", 1, 64, 5, 200],
    ["200 at once on a 5-a-second key, 1.5 s", 1, 200, 5, 1500],
    ["4 processes on one key with no shared store, 250 ms", 4, 4, 20, 250],
  ])("%s", { timeout: 60_000 }, async (_case, limiters, workers, limit, latencyMs) => {
    const r = await simulateVendor({
      limiters: Array.from({ length: limiters }, () => createThrottle()),
      workers,
      limit,
      latencyMs,
      seconds: 300,
    });
    console.log(`${_case}: last minute ${JSON.stringify(r)}`);
    expect(r.share).toBeGreaterThanOrEqual(0.85);
    expect(r.rate).toBeLessThanOrEqual(1.5);
    expect(r.refused).toBeLessThanOrEqual(0.3);
  });
});
