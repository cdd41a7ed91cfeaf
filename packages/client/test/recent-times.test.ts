import { describe, expect, it } from "vitest";
import { createRecentTimes } from "../src/core/recent-times.js";

/** A small deterministic generator, so a failing case can be replayed by its seed. */
const random = (seed: number) => () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

describe("recent times against a plain list", () => {
  it.each([
    // [kept ms, largest step of the clock, how far back an insert may be]
    [10, 3, 20],
    [1_000, 40, 500],
    [10_000, 25, 12_000], // inserts older than what is kept, and compaction past 1,024
  ])("kept %i ms, clock steps up to %i ms, inserts up to %i ms back", (keptMs, step, back) => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const times = createRecentTimes(keptMs);
      let plain: number[] = [];
      let now = 0;
      for (let op = 0; op < 3_000; op++) {
        now += Math.floor(next() * step);
        plain = plain.filter((t) => t > now - keptMs);
        if (next() < 0.6) {
          const at = next() < 0.7 ? now : now - Math.floor(next() * back);
          times.add(at, now);
          if (at > now - keptMs) plain.push(at);
        } else {
          const from = now - Math.floor(next() * keptMs * 1.2);
          const to = from + Math.floor(next() * keptMs);
          const expected = plain.filter((t) => t > from && t <= to).length;
          expect(times.countIn(from, to, now), `seed ${seed}, op ${op}`).toBe(expected);
        }
      }
    }
  });
});
