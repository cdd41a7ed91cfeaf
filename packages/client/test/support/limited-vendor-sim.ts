import { vi } from "vitest";
import type { Throttle } from "../../src/core/throttle.js";

export interface VendorSim {
  /** Limiters sharing one key, each with its own workers (a fleet with no shared store). */
  limiters: Throttle[];
  /** Calls in a loop per limiter: each waits for a turn, is answered, ends its turn. */
  workers: number;
  /** The key's limit: requests the vendor accepts in any sliding second. */
  limit: number;
  latencyMs: number;
  seconds: number;
}

/**
 * A vendor with a sliding-second limit, on a fake clock: a request is refused (429) when the
 * second before it already holds `limit` accepted ones. Reports the last minute: what was
 * accepted as a share of the limit, the share of requests refused, and the limiters' summed
 * rate (sampled each second) as a multiple of the limit.
 */
export async function simulateVendor(s: VendorSim) {
  vi.useFakeTimers({ now: 1_000_000, toFake: ["Date", "setTimeout", "clearTimeout"] });
  try {
    const accepted: number[] = [];
    const lastMinute = { from: Date.now() + (s.seconds - 60) * 1000, ok: 0, refused: 0 };
    const end = Date.now() + s.seconds * 1000;
    const worker = async (limiter: Throttle) => {
      while (Date.now() < end) {
        const release = await limiter.acquire();
        const at = Date.now();
        while (accepted.length && accepted[0]! <= at - 1000) accepted.shift();
        const ok = accepted.length < s.limit;
        if (ok) accepted.push(at);
        if (at >= lastMinute.from && at < end) lastMinute[ok ? "ok" : "refused"]++;
        await new Promise((r) => setTimeout(r, s.latencyMs));
        release(ok ? 200 : 429);
      }
    };
    const workers = s.limiters.flatMap((l) => Array.from({ length: s.workers }, () => worker(l)));
    let rates = 0;
    for (let second = 1; second <= s.seconds; second++) {
      await vi.advanceTimersByTimeAsync(1000);
      if (second > s.seconds - 60)
        rates += s.limiters.reduce((sum, l) => sum + Math.min(l.rate, 1e6), 0);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(workers);
    const { ok, refused } = lastMinute;
    return {
      share: ok / 60 / s.limit,
      refused: refused / (ok + refused),
      rate: rates / 60 / s.limit,
    };
  } finally {
    vi.useRealTimers();
  }
}
