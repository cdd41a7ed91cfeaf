import { afterEach, describe, expect, it, vi } from "vitest";
import { createKeyApiClient, type KeyApiClientOptions, type RateLimiter } from "../src/index.js";
import { reply, startScriptedServer } from "./support/scripted-server.js";
import { BETA } from "../src/core/cubic.js";
import { createThrottle } from "../src/core/throttle.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { startPagedServer, type PagedServer } from "./support/paged-server.js";

let server: PagedServer | undefined;
afterEach(() => server?.close());
afterEach(() => vi.useRealTimers());
/** A fake clock from 0 ms: Date and the timers the limiter uses, the rest left real. */
const fakeClock = () =>
  vi.useFakeTimers({ now: 0, toFake: ["Date", "setTimeout", "clearTimeout"] });

const share429 = (log: { status: number }[]) =>
  log.filter((r) => r.status === 429).length / log.length;

/**
 * The most admissions in any one second, sliding. The window is 20 ms short of a second: an
 * admission is recorded a few ms after the limiter decides it (the continuation of an await),
 * which can make two 51 ms gaps look like 45 and 57.
 */
const busiestSecond = (times: number[]) =>
  Math.max(...times.map((t, i) => times.slice(i).filter((u) => u < t + 980).length));

/**
 * `calls` calls at once, no retries, from a client limited to `requestsPerSecond`: the server's
 * log, and when the limiter admitted each attempt (recorded by a wrapper of the client's own
 * limiter: the moment it decides; the event loop may move the fetch itself by a few ms, and the
 * server in this busy process may read two requests in one tick).
 */
async function burstAt20rpsServer(requestsPerSecond: number, calls: number) {
  server = await startPagedServer({ qps: 20 });
  const limiter = createThrottle({ requestsPerSecond });
  const admitted: number[] = [];
  const recording: RateLimiter = {
    acquire: async (signal) => {
      const release = await limiter.acquire(signal);
      admitted.push(performance.now());
      return release;
    },
  };
  // No retry of any kind (a 429 included): the log holds exactly the calls made.
  const c = createKeyApiClient({
    apiKey: KEY,
    baseUrl: server.url,
    maxRetries: 0,
    retry: { maxRateLimitRetries: 0 },
    rateLimit: recording,
  });
  await Promise.allSettled(Array.from({ length: calls }, () => c.get(REVIEWS, { query: QUERY })));
  return { log: server.log, admitted };
}

describe("rate limit (a server enforcing 20 requests a second)", () => {
  it(
    "at requestsPerSecond: 20, no second of 100 requests holds more than 20",
    { timeout: 20_000 },
    async () => {
      const { log, admitted } = await burstAt20rpsServer(20, 100);
      expect(log).toHaveLength(100);
      console.log(`20 rps vs a 20 rps server: 429 share ${share429(log)}`);
      expect(busiestSecond(admitted)).toBeLessThanOrEqual(20);
      expect(busiestSecond(admitted)).toBeGreaterThanOrEqual(19); // and the cap is used
    },
  );

  it(
    "configured at 80 a second, the adaptive rule brings the 429 share down over the run",
    { timeout: 30_000 },
    async () => {
      const { log } = await burstAt20rpsServer(80, 200);
      const [first, second] = [log.slice(0, 100), log.slice(100)];
      console.log(
        `adaptive 80 rps vs 20 rps server: 429 share first 100 = ${share429(first)}, last 100 = ${share429(second)}`,
      );
      expect(share429(second)).toBeLessThan(share429(first));
    },
  );

  it("maxConcurrent caps requests in flight", async () => {
    server = await startPagedServer({ latencyMs: 30 });
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      rateLimit: { maxConcurrent: 3 },
    });
    await Promise.all(Array.from({ length: 20 }, () => c.get(REVIEWS, { query: QUERY })));
    expect(server.inFlightMax).toBe(3);
  });
});

describe("Throttle queue", () => {
  it("is FIFO, and a queued call whose signal aborts leaves the queue at once", async () => {
    const throttle = createThrottle({ requestsPerSecond: 1 }); // one slot a second
    const order: string[] = [];
    const controller = new AbortController();
    const take = (name: string, signal?: AbortSignal) =>
      throttle.acquire(signal).then((release) => {
        order.push(name);
        release(200);
      });
    const a = take("a");
    const b = take("b", controller.signal);
    const c = take("c");
    controller.abort(new Error("gone"));
    // b leaves at once: its rejection comes before c's turn, the next slot, a second away.
    const first = await Promise.race([
      b.then(
        () => "b admitted",
        (e: Error) => `b rejected: ${e.message}`,
      ),
      c.then(() => "c admitted"),
    ]);
    expect(first).toBe("b rejected: gone");
    await Promise.all([a, c]);
    expect(order).toEqual(["a", "c"]);
  });

  // A timer left for a turn nobody waits for held the process open up to 1.02/rate seconds
  // after a walk stopped; one past setTimeout's 2^31-1 ms fired at once, warned, and spun.
  it.each([
    ["the last waiter aborts: no timer is left for its turn", 0.2, true],
    ["a rate below one turn in 24.8 days: one timer, no warning, no spin", 1e-9, false],
  ])("%s", async (_case, requestsPerSecond, abort) => {
    fakeClock();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const throttle = createThrottle({ requestsPerSecond });
      (await throttle.acquire())(200); // the first turn, at once; the next one far away
      const controller = new AbortController();
      const waiting = throttle.acquire(controller.signal).catch((e: Error) => e.message);
      expect(vi.getTimerCount()).toBe(1);
      if (abort) {
        controller.abort(new Error("walk ended"));
        expect(await waiting).toBe("walk ended");
        expect(vi.getTimerCount()).toBe(0);
      } else {
        // The timer waits as long as a timer can (then looks again), not 1 ms.
        await vi.advanceTimersToNextTimerAsync();
        expect(Date.now()).toBe(2 ** 31 - 1);
        expect(vi.getTimerCount()).toBe(1);
        controller.abort(new Error("enough"));
        await waiting;
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("with no cap it admits at once until the first 429", async () => {
    const throttle = createThrottle();
    const releases = await Promise.all(Array.from({ length: 50 }, () => throttle.acquire()));
    expect(throttle.rate).toBe(Infinity);
    for (const release of releases) release(200);
    expect(throttle.rate).toBe(Infinity);
  });

  it.each([
    // [case, statuses of the turns taken together, rate after: β × what the vendor accepted in
    // the refused request's second, the ten admitted less the one refused]
    ["a 429 cuts to β of what was accepted in its second", [429], 9 * BETA],
    ["429s of one burst are one congestion event: one cut", [429, 429, 429], 9 * BETA],
    ["successes before the curve reaches the ceiling keep it below", [429, 200, 200], 9 * BETA],
    ["network failures (no status) are no signal either way", [undefined, undefined], Infinity],
  ])("%s", async (_case, statuses, rate) => {
    // A fake clock: on a loaded machine ten turns taken together can straddle a millisecond,
    // and the first one's second would then hold fewer than ten.
    fakeClock();
    const throttle = createThrottle();
    const turns = await Promise.all(Array.from({ length: 10 }, () => throttle.acquire()));
    statuses.forEach((status, i) => turns[i]!(status));
    expect(throttle.rate).toBeCloseTo(rate, 9);
  });

  // Ten admitted together at 0 ms, a 429 for one of them at 1,500 ms (a KeyAPI latency); then a
  // request admitted `laterAt` ms after that cut is refused too. KeyAPI counts over a sliding
  // second: a request admitted within a second of the cut shares its second with what was sent
  // at the old rate, so its 429 is no news; one admitted a second or more after it is.
  it.each([
    { laterAt: 0, cutAgain: false },
    { laterAt: 999, cutAgain: false },
    { laterAt: 1000, cutAgain: true },
  ])(
    "a request admitted $laterAt ms after the cut, refused: cut again $cutAgain",
    async ({ laterAt, cutAgain }) => {
      fakeClock();
      const throttle = createThrottle();
      const burst = await Promise.all(Array.from({ length: 10 }, () => throttle.acquire()));
      vi.setSystemTime(1500);
      burst[0]!(429);
      const first = throttle.rate;
      expect(first).toBeCloseTo(9 * BETA, 9);
      await vi.advanceTimersByTimeAsync(laterAt);
      const release = await throttle.acquire();
      vi.setSystemTime(Date.now() + 1500);
      release(429);
      expect(throttle.rate < first).toBe(cutAgain);
      for (const r of burst.slice(1)) r(200);
    },
  );

  // The ceiling is what the vendor accepted in the second up to the refused request's
  // admission: the admissions in it less those refused. Events in time order: [ms, "admit"], or
  // [ms, n] for a 429 answering the n-th admission (from 0). The last 429 makes the cut checked.
  const tens = (at: number) => Array.from({ length: 10 }, () => [at, "admit"] as const);
  it.each<[string, (readonly [number, "admit" | number])[], number]>([
    [
      "not what was sent since: ten at 0 ms, two more at 1,400, then a 429 for the first",
      [...tens(0), [1400, "admit"], [1400, "admit"], [1500, 0]],
      9, // its second held ten, less itself; the two sent since are not counted
    ],
    [
      "the refused of that second are not counted as accepted",
      [
        ...tens(0),
        [1500, 0], // the first cut
        ...[1600, 1800, 2000, 2200, 2400, 2600].map((at) => [at, "admit"] as const),
        [2700, 11], // admitted at 1,800, within a second of the cut: no news, but refused
        [2700, 15], // admitted at 2,600: news
      ],
      3, // (1,600, 2,600] holds five admissions, two of them refused
    ],
    [
      "an admission older than the 10 s kept: the last second's count stands in",
      [...tens(0), [10_400, "admit"], [10_400, "admit"], [10_400, "admit"], [10_500, 0]],
      3,
    ],
  ])("%s", async (_case, events, accepted) => {
    fakeClock();
    const throttle = createThrottle();
    const turns: ((status?: number) => void)[] = [];
    let before = throttle.rate;
    for (const [at, what] of events) {
      vi.setSystemTime(at);
      before = throttle.rate;
      if (what === "admit") turns.push(await throttle.acquire());
      else turns[what]!(429);
    }
    expect(throttle.rate).toBeCloseTo(Math.max(0.5, Math.min(accepted, before) * BETA), 9);
    for (const release of turns) release(200);
  });

  it("cut to its floor with answers slower than a second, it climbs back", async () => {
    // Three requests in flight, each answered 1.5 s after admission, after the 429s that cut the
    // rate to its floor (0.5 a second). At that rate the second before an answer holds no other
    // admission: measured over one second the send rate is 0, and the rate stayed at the floor.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const throttle = createThrottle();
    // Each 429 for a request admitted a second or more after the last cut cuts again.
    for (let cuts = 0; cuts < 20 && throttle.rate > 0.5; cuts++) {
      const turn = throttle.acquire();
      await vi.advanceTimersByTimeAsync(2_000);
      (await turn)(429);
    }
    expect(throttle.rate).toBe(0.5);
    const end = Date.now() + 60_000;
    const worker = async () => {
      while (Date.now() < end) {
        const release = await throttle.acquire();
        await new Promise((r) => setTimeout(r, 1_500));
        release(200);
      }
    };
    const workers = Promise.all([worker(), worker(), worker()]);
    await vi.advanceTimersByTimeAsync(70_000);
    await workers;
    // Three in flight at 1.5 s carry 2 a second: the rate found its way up to them.
    expect(throttle.rate).toBeGreaterThan(1.5);
  });

  // At 20 a second a turn is due every 51 ms. The second turn is taken `late` ms after it was
  // due (a timer firing late, or a caller arriving then); the third asks at 102 ms.
  it.each([
    { late: 0, thirdAt: 102, admittedAtOnce: true },
    { late: 1, thirdAt: 102, admittedAtOnce: true }, // the grid holds: lateness is not added on
    { late: 2, thirdAt: 102, admittedAtOnce: true },
    { late: 3, thirdAt: 102, admittedAtOnce: false }, // past LATE_MS: the grid starts afresh
    { late: 3, thirdAt: 105, admittedAtOnce: true },
    { late: 500, thirdAt: 602, admittedAtOnce: true }, // idle, then a turn: 51 ms from it
    { late: 500, thirdAt: 601, admittedAtOnce: false }, // and never a burst to make up the stall
  ])(
    "a turn $late ms late, the next asked at $thirdAt ms: admitted at once $admittedAtOnce",
    async ({ late, thirdAt, admittedAtOnce }) => {
      fakeClock();
      const throttle = createThrottle({ requestsPerSecond: 20 });
      (await throttle.acquire())();
      vi.setSystemTime(51 + late);
      (await throttle.acquire())();
      vi.setSystemTime(thirdAt);
      let admitted = false;
      void throttle.acquire().then((release) => ((admitted = true), release()));
      await vi.advanceTimersByTimeAsync(0);
      expect(admitted).toBe(admittedAtOnce);
    },
  );

  it("requestsPerSecond is a hard cap: the rate never goes above it", async () => {
    const throttle = createThrottle({ requestsPerSecond: 5 });
    expect(throttle.rate).toBe(5);
    (await throttle.acquire())(429);
    expect(throttle.rate).toBeLessThan(5);
  });
});

describe("rateLimit: the default, false, and a limiter of the caller's", () => {
  /** 30 calls one after the other, no retries, against a 10-a-second server: its 429s. */
  async function sequential429s(rateLimit: KeyApiClientOptions["rateLimit"]) {
    server = await startPagedServer({ qps: 10 });
    // No retry of any kind: each 429 is counted once.
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      retry: { maxRateLimitRetries: 0 },
      rateLimit,
    });
    for (let i = 0; i < 30; i++) await c.get(REVIEWS, { query: QUERY }).catch(() => {});
    return server.log.filter((r) => r.status === 429).length;
  }

  it("by default the first 429 slows the client; with false it keeps going", async () => {
    const off = await sequential429s(false);
    await server!.close();
    const adaptive = await sequential429s(undefined);
    console.log(`30 calls vs a 10/s server: 429s with rateLimit false ${off}, default ${adaptive}`);
    expect(off).toBeGreaterThanOrEqual(15);
    expect(adaptive).toBeLessThan(off);
  });

  it("a RateLimiter given is used as it is: one turn per attempt, told each status", async () => {
    const statuses: (number | undefined)[] = [];
    const limiter: RateLimiter = {
      acquire: async () => (status) => void statuses.push(status),
    };
    const scripted = await startScriptedServer([
      reply.error(429, "qps limit exceeded"),
      reply.error(503, "busy"),
      reply.ok(),
    ]);
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: scripted.url,
      rateLimit: limiter,
      retry: { baseDelayMs: 1 },
    });
    await c.get(REVIEWS, { query: QUERY });
    await scripted.close();
    expect(statuses).toEqual([429, 503, 200]);
  });
});

describe("a walk against a 20-a-second limit nobody told the client", () => {
  /** 60 pages at concurrency 8 (up to 80 requests a second at 100 ms): ids, 429s. */
  async function walk(rateLimit: KeyApiClientOptions["rateLimit"]) {
    server = await startPagedServer({ items: 600, qps: 20, latencyMs: 100 });
    const c = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 20,
      retry: { baseDelayMs: 100, maxDelayMs: 1000 },
      retryBudget: false,
      logLevel: "off",
      rateLimit,
    });
    const ids: string[] = [];
    const query = { product_id: "p1", page_size: 10 };
    for await (const item of c.paginate(REVIEWS, { query })) ids.push(item.review_id!);
    const throttled = server.log.filter((r) => r.status === 429).length;
    return { ids, throttled, dataset: server.dataset.map((r) => r.review_id) };
  }

  it(
    "finds the limit: every item once and in order, far fewer 429s than with no limiter",
    {
      timeout: 60_000,
    },
    async () => {
      const off = await walk(false);
      await server!.close();
      const adaptive = await walk(undefined);
      console.log(
        `60-page walk at 20/s: 429s adaptive ${adaptive.throttled}, off ${off.throttled}`,
      );
      expect(adaptive.ids).toEqual(adaptive.dataset);
      expect(off.ids).toEqual(off.dataset);
      expect(adaptive.throttled).toBeLessThan(off.throttled / 2);
    },
  );
});
