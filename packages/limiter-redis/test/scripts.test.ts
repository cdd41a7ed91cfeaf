import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BETA,
  grown,
  INITIAL,
  MIN_RATE,
  throttled,
  type CubicState,
} from "@keyapi-tiktok/client/limiter";
import { createStore, type Store } from "../src/store.js";
import { startRedis, type RedisProcess } from "./support/redis.mjs";

let server: RedisProcess;
let redis: Redis;
beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.kill();
});

const redisNow = async () => {
  const [s, us] = await redis.time();
  return Number(s) * 1000 + Math.floor(Number(us) / 1000);
};
let n = 0;
const fresh = () => createStore(redis, `scripts-${++n}`, 1_000);
const stateOf = async (name: string): Promise<CubicState> => {
  const h = await redis.hgetall(`keyapi:rate:{${name}}:adaptive`);
  return {
    rate: Number(h.rate),
    ceiling: Number(h.ceiling),
    cutAt: Number(h.cutAt),
    k: Number(h.k),
  };
};

describe("the Lua scripts keep the client's adaptive rule (cubic.ts)", () => {
  it.each([1, 5, 20, 57])("a throttle after %i requests in the last second", async (sent) => {
    const store = fresh();
    let seq = 0;
    for (let i = 0; i < sent; i++) ({ seq } = await store.take(undefined));
    const before = await redisNow();
    const rate = await store.record("throttle", seq);
    // What the vendor accepted in its second: every admission but the refused one.
    const expected = throttled(INITIAL, sent - 1, before);
    expect(rate).toBeCloseTo(expected.rate, 9);
    const state = await stateOf(`scripts-${n}`);
    expect(state.ceiling).toBeCloseTo(expected.ceiling, 9);
    expect(state.k).toBeCloseTo(expected.k, 9);
  });

  // A throttle for a request admitted before the cut, or within a second after it (its vendor
  // second still held what was sent at the old rate), is the same congestion event.
  it.each([
    { laterAfterMs: 0, cutAgain: false },
    { laterAfterMs: 1_050, cutAgain: true },
  ])(
    "one cut per congestion event: a request admitted $laterAfterMs ms after the cut, refused: cut again $cutAgain",
    async ({ laterAfterMs, cutAgain }) => {
      const store = fresh();
      const early = await store.take(undefined);
      for (let i = 0; i < 9; i++) await store.take(undefined);
      const first = await store.record("throttle", early.seq + 9);
      expect(await store.record("throttle", early.seq)).toBe(first); // sent before the cut
      await sleep(laterAfterMs);
      const later = await store.take(undefined); // admitted at the cut rate
      expect(later.rate).toBe(first);
      const second = await store.record("throttle", later.seq);
      expect(second < first).toBe(cutAgain);
    },
  );

  // The ceiling is what the vendor accepted in the second up to the refused admission's slot,
  // as the client's limiter counts it (throttle.test.ts has the same cases on a fake clock).
  it.each<[string, (store: Store, name: string) => Promise<number>, number]>([
    [
      "not what was sent since: ten, two more 1.1 s later, then a 429 for the tenth",
      async (store) => {
        let seq = 0;
        for (let i = 0; i < 10; i++) ({ seq } = await store.take(undefined));
        await sleep(1_100);
        for (let i = 0; i < 2; i++) await store.take(undefined);
        return store.record("throttle", seq);
      },
      9,
    ],
    [
      "the refused of that second are not counted as accepted",
      async (store) => {
        let seq = 0;
        for (let i = 0; i < 10; i++) ({ seq } = await store.take(undefined));
        await store.record("throttle", seq); // the first cut
        const early = await store.take(undefined); // within a second of the cut
        await sleep(500);
        const mid = await store.take(undefined);
        await sleep(600);
        const news = await store.take(undefined); // a second after the cut
        await store.record("throttle", early.seq);
        await store.record("throttle", mid.seq);
        return store.record("throttle", news.seq);
      },
      0, // its second holds `mid` and itself, both refused: the floor
    ],
    [
      "an admission whose second is partly trimmed (9.5 s old): the last second's count stands in",
      async (store, name) => {
        for (let i = 0; i < 3; i++) await store.take(undefined);
        // An admission 9.5 s old, as a long answer would bring it back.
        await redis.zadd(`keyapi:rate:{${name}}:sent`, (await redisNow()) - 9_500, "999999");
        return store.record("throttle", 999_999);
      },
      3,
    ],
    [
      "an admission older than the 10 s kept: the last second's count stands in",
      async (store, name) => {
        let seq = 0;
        for (let i = 0; i < 10; i++) ({ seq } = await store.take(undefined));
        await redis.zrem(`keyapi:rate:{${name}}:sent`, seq); // as 10 s of age would
        for (let i = 0; i < 2; i++) await store.take(undefined);
        return store.record("throttle", seq);
      },
      11, // the nine left and the two since, all in the last second
    ],
  ])("%s", async (_case, run, accepted) => {
    const store = fresh();
    const rate = await run(store, `scripts-${n}`);
    const state = await stateOf(`scripts-${n}`);
    expect(state.ceiling).toBeCloseTo(Math.max(MIN_RATE, accepted), 9);
    expect(rate).toBeCloseTo(Math.max(MIN_RATE, accepted * BETA), 9);
  });

  it("an admission counter that expired and started again still lets a 429 cut", async () => {
    const store = fresh();
    let seq = 0;
    for (let i = 0; i < 50; i++) ({ seq } = await store.take(undefined));
    const first = await store.record("throttle", seq);
    await redis.del(`keyapi:rate:{scripts-${n}}:seq`); // as its 10 minutes idle would
    await sleep(1_100);
    const later = await store.take(undefined);
    expect(later.seq).toBe(1);
    expect(await store.record("throttle", later.seq)).toBeLessThan(first);
  });

  it("a success moves the rate along the curve, as grown() at that moment", async () => {
    const store = fresh();
    let seq = 0;
    for (let i = 0; i < 20; i++) ({ seq } = await store.take(undefined));
    await store.record("throttle", seq);
    const state = await stateOf(`scripts-${n}`);
    await sleep(300);
    const [lo, rate, hi] = [await redisNow(), await store.record("success", seq), await redisNow()];
    // sent: the 20 requests, still inside the last second
    expect(rate).toBeGreaterThanOrEqual(grown(state, 20, lo).rate - 1e-9);
    expect(rate).toBeLessThanOrEqual(grown(state, 20, hi).rate + 1e-9);
  });

  it("no success changes anything while no throttle has been seen", async () => {
    const store = fresh();
    const { seq, rate } = await store.take(undefined);
    expect(rate).toBe(Infinity);
    expect(await store.record("success", seq)).toBe(Infinity);
  });

  it("every key it writes expires", async () => {
    const store = fresh();
    let seq = 0;
    for (let i = 0; i < 5; i++) ({ seq } = await store.take(20));
    await store.record("throttle", seq);
    const keys = await redis.keys(`keyapi:rate:{scripts-${n}}:*`);
    expect(keys.sort()).toEqual(
      ["adaptive", "next", "refused", "sent", "seq"].map((k) => `keyapi:rate:{scripts-${n}}:${k}`),
    );
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it("a cap spaces the fleet's slots 1.02/rate apart, in the order they were asked for", async () => {
    const store = fresh();
    // At 2 a second the slots are 510 ms apart: ten calls made at once queue behind each other.
    // Each slot is Redis's clock at the call plus its wait, bracketed by Redis's clock read just
    // before and after the call, so the spacing is checked exactly, however slow the machine.
    const slots: { earliest: number; latest: number; waitMs: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const before = await redisNow();
      const { waitMs } = await store.take(2);
      const after = await redisNow();
      slots.push({ earliest: before + waitMs, latest: after + waitMs + 1, waitMs });
    }
    expect(slots.slice(1).every((s) => s.waitMs > 0)).toBe(true);
    for (let i = 1; i < slots.length; i++) {
      const [a, b] = [slots[i - 1]!, slots[i]!];
      expect(b.latest - a.earliest).toBeGreaterThanOrEqual(510);
      expect(b.earliest - a.latest).toBeLessThanOrEqual(510);
    }
  });
});
