import { createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BETA } from "@keyapi-tiktok/client/limiter";
import { createRedisRateLimiter } from "../src/index.js";
import { ACQUIRE, RECORD } from "../src/scripts.js";
import { freePort, startRedis, type RedisProcess } from "./support/redis.mjs";

let server: RedisProcess;
beforeAll(async () => (server = await startRedis()));
afterAll(() => server.kill());

let n = 0;
const warnings: string[] = [];
const logger = { warn: (m: string) => void warnings.push(m) };
const limiterAt = (url: string, extra = {}) =>
  createRedisRateLimiter({ url, key: `limiter-${++n}`, logger, ...extra });

describe("createRedisRateLimiter", () => {
  it("one worker's 429 slows every worker: the adaptive rate is the fleet's", async () => {
    const a = limiterAt(server.url);
    const b = createRedisRateLimiter({ url: server.url, key: `limiter-${n}`, logger });
    const turns = await Promise.all(Array.from({ length: 10 }, () => a.acquire()));
    turns[9]!(429);
    await new Promise((r) => setTimeout(r, 50)); // the record is sent after the turn ends
    // b never saw a 429, yet its turns are now spaced 1.02 / (β × 9) s apart: the vendor
    // accepted the nine admitted before the refused one.
    const started = Date.now();
    for (let i = 0; i < 4; i++) (await b.acquire())(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * (1020 / (BETA * 9)) - 20);
    await Promise.all([a.close(), b.close()]);
  });

  it("a caller that aborts leaves the queue at once, with its reason", async () => {
    const limiter = limiterAt(server.url, { requestsPerSecond: 1 });
    (await limiter.acquire())(200); // the next slot is a second away
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const next = limiter.acquire(); // the slot after the one the caller leaves
    setTimeout(() => controller.abort(new Error("caller left")), 20);
    // It leaves at once: its rejection comes before the next caller's turn, a second away.
    const first = await Promise.race([
      waiting.then(
        () => "admitted",
        (e: Error) => `rejected: ${e.message}`,
      ),
      next.then(() => "the next caller admitted"),
    ]);
    expect(first).toBe("rejected: caller left");
    (await next)(200);
    await limiter.close();
  });

  it("a client of the caller's is used and left open", async () => {
    const client = new Redis(server.url);
    const limiter = createRedisRateLimiter({ client, key: `limiter-${++n}`, logger });
    (await limiter.acquire())(200);
    await limiter.close();
    expect(await client.get(`keyapi:rate:{limiter-${n}}:seq`)).toBe("1");
    client.disconnect();
  });

  it.each([
    ["no key", { url: "redis://127.0.0.1:1" }, /`key` names the shared limit/],
    ["neither url nor client", { key: "x" }, /pass `url` or `client`/],
  ])("refuses %s", (_case, options, message) => {
    expect(() => createRedisRateLimiter(options as never)).toThrow(message);
  });
});

describe("when Redis is not there: the worker limits itself, warns once, never hangs", () => {
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: a hung Redis.
    silentPort = await freePort();
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(silentPort, "127.0.0.1", r));
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((r) => silent.close(() => r()));
  });

  it.each([
    ["nothing listens on the port", async () => `redis://127.0.0.1:${await freePort()}`],
    ["the server accepts and never answers", async () => `redis://127.0.0.1:${silentPort}`],
  ])("%s", async (_case, url) => {
    warnings.length = 0;
    const limiter = limiterAt(await url(), { requestsPerSecond: 50, timeoutMs: 100 });
    const started = Date.now();
    for (let i = 0; i < 20; i++) (await limiter.acquire())(200);
    // Local limiting still applies: 20 turns at 50 a second take about 0.4 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(19 * (1020 / 50) - 20);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Redis unavailable .*this worker limits itself/);
    await limiter.close();
  });
});

describe("a least-privilege ACL user (no INFO)", () => {
  it("shares the limit, and nothing but the limiter speaks on stderr", async () => {
    const admin = new Redis(server.url);
    // Exactly what the docs ask of such a user: the two script commands, and the commands the
    // scripts call, on the limiter's keys; no INFO, no SELECT, no CLIENT.
    const called = [...`${ACQUIRE}${RECORD}`.matchAll(/redis\.call\('(\w+)'/g)].map((m) => m[1]);
    const commands = [...new Set(["EVALSHA", "EVAL", ...called])].map((c) => `+${c}`);
    await admin.call("ACL", "SETUSER", "no-info", "on", ">pw", "~keyapi:*", ...commands);
    const printed = vi.spyOn(console, "warn").mockImplementation(() => {});
    warnings.length = 0;
    const name = `limiter-acl-${++n}`;
    const url = server.url.replace("redis://", "redis://no-info:pw@");
    const limiter = createRedisRateLimiter({ url, key: name, logger, requestsPerSecond: 50 });
    try {
      for (let i = 0; i < 3; i++) (await limiter.acquire())(200);
      expect(printed).not.toHaveBeenCalled();
      expect(warnings).toEqual([]);
      expect((await admin.keys(`keyapi:rate:{${name}}:*`)).sort()).toEqual(
        ["next", "sent", "seq"].map((k) => `keyapi:rate:{${name}}:${k}`),
      );
    } finally {
      printed.mockRestore();
      await limiter.close();
      await admin.quit();
    }
  });
});

describe("an ACL user denied a command the scripts run", () => {
  it("warned once, by Redis's words, and limited locally for good: no flapping on each 429", async () => {
    const admin = new Redis(server.url);
    // Everything but HSET, which only RECORD runs: each turn is taken, each 429 fails to record.
    const called = [...`${ACQUIRE}${RECORD}`.matchAll(/redis\.call\('(\w+)'/g)].map((m) => m[1]);
    expect(ACQUIRE).not.toContain("'HSET'");
    const commands = [...new Set(["EVALSHA", "EVAL", ...called])]
      .filter((c) => c !== "HSET")
      .map((c) => `+${c}`);
    await admin.call("ACL", "SETUSER", "no-hset", "on", ">pw", "~keyapi:*", ...commands);
    warnings.length = 0;
    const name = `limiter-denied-${++n}`;
    const url = server.url.replace("redis://", "redis://no-hset:pw@");
    const limiter = createRedisRateLimiter({ url, key: name, logger, requestsPerSecond: 50 });
    try {
      // Past the store's retry interval between 429s: each turn would try Redis again.
      for (let i = 0; i < 3; i++) {
        (await limiter.acquire())(429);
        await new Promise((r) => setTimeout(r, 1_100));
      }
      expect(warnings).toEqual([
        expect.stringMatching(
          /Redis denies a command the limiter runs \(.*can't run this command.*\); this worker limits itself until it is restarted/,
        ),
      ]);
      // Only the first turn was taken in Redis: the others were the worker's own.
      expect(await admin.get(`keyapi:rate:{${name}}:seq`)).toBe("1");
    } finally {
      await limiter.close();
      await admin.quit();
    }
  });
});

describe("a denial that comes while Redis was already lost", () => {
  it("is said too: the first warning's 'until it is back' no longer holds", async () => {
    const admin = new Redis(server.url);
    await admin.call("ACL", "SETUSER", "flip", "on", ">pw", "~keyapi:*", "+@all");
    warnings.length = 0;
    const url = server.url.replace("redis://", "redis://flip:pw@");
    const limiter = createRedisRateLimiter({
      url,
      key: `limiter-flip-${++n}`,
      logger,
      requestsPerSecond: 50,
      timeoutMs: 100,
    });
    try {
      (await limiter.acquire())(200); // connected, shared
      // Redis stops answering for a while: the worker limits itself.
      await admin.call("CLIENT", "PAUSE", "400", "ALL");
      (await limiter.acquire())(200);
      await new Promise((r) => setTimeout(r, 500));
      // Then the user loses the scripts; the next try of the store meets the denial.
      await admin.call("ACL", "SETUSER", "flip", "-evalsha", "-eval");
      await new Promise((r) => setTimeout(r, 1_100));
      for (let i = 0; i < 3; i++) (await limiter.acquire())(200);
      expect(warnings).toEqual([
        expect.stringMatching(/Redis unavailable .*until it is back$/),
        expect.stringMatching(
          /Redis denies a command the limiter runs \(NOPERM.*until it is restarted/,
        ),
      ]);
    } finally {
      await limiter.close();
      await admin.quit();
    }
  });
});

describe("a database this Redis does not have", () => {
  // ioredis's SELECT is refused and it stays on database 0, ready: the limit must not land there.
  it.each([
    ["in the URL (/99)", (url: string) => ({ url: `${url}/99` })],
    ["in a client of the caller's", (url: string) => ({ client: new Redis(url, { db: 99 }) })],
  ])("%s: warned once, by Redis's words; nothing kept in database 0", async (_case, given) => {
    warnings.length = 0;
    const name = `limiter-db-${++n}`;
    const options = given(server.url);
    const limiter = createRedisRateLimiter({ ...options, key: name, logger, timeoutMs: 300 });
    for (let i = 0; i < 3; i++) (await limiter.acquire())(429);
    expect(warnings).toEqual([
      expect.stringMatching(
        /Redis unavailable \(cannot use its database: ERR DB index is out of range\)/,
      ),
    ]);
    const admin = new Redis(server.url);
    expect(await admin.keys(`keyapi:rate:{${name}}:*`)).toEqual([]);
    await admin.quit();
    await limiter.close();
    if ("client" in options) {
      expect(options.client.listenerCount("connect")).toBe(0);
      options.client.disconnect();
    }
  });
});

describe("a Redis outage leaves nothing behind", () => {
  it("50 failed readiness probes add no listener to the client", async () => {
    // A client that is never ready: each probe waits `timeoutMs`, fails, and the worker limits
    // itself for a second before it probes again. Fake time runs the 50 probes at once.
    const client = new Redis({ lazyConnect: true, port: await freePort() });
    const before = client.listenerCount("ready");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const limiter = createRedisRateLimiter({ client, key: "outage", timeoutMs: 10, logger });
      for (let probe = 0; probe < 50; probe++) {
        vi.setSystemTime(Date.now() + 1_001); // past the second the worker stays local
        const acquired = limiter.acquire();
        await vi.advanceTimersByTimeAsync(11);
        (await acquired)(200);
      }
      expect(client.listenerCount("ready")).toBe(before);
      await limiter.close();
    } finally {
      vi.useRealTimers();
      client.disconnect();
    }
  });
});

describe("a Redis URL ioredis cannot use as written is refused at creation, never quoted", () => {
  // ioredis sent `SELECT NaN` for /abc and threw its refusal where nothing could catch it (the
  // process ended), and threw a URIError for a broken %-escape in the password.
  const SECRET = "s3cret-PW";
  // [url, the problem (undefined: taken)]
  it.each<[string, string | undefined]>([
    [`redis://:${SECRET}@127.0.0.1:6379/abc`, "must name its database by number"],
    ["redis://127.0.0.1:6379/1.5", "must name its database by number"],
    ["redis://127.0.0.1:6379/db1", "must name its database by number"],
    [`redis://:${SECRET}%ZZ@127.0.0.1:6379/0`, "has a user or password whose %-escapes are broken"],
    ["http://127.0.0.1:6379", "must be a redis:// or rediss:// URL"],
    [`redis://:${SECRET}@127.0.0.1:6379/?db=abc`, "must name its database by number"],
    ["redis://127.0.0.1:6379/?connectTimeout=500", "takes only db, family (0, 4 or 6)"],
    [
      "redis://127.0.0.1:6379/?family=5",
      "takes only db, family (0, 4 or 6), tls (a profile), username and password in its query, got family",
    ],
    // Railway's and Fly's documented suffixes for ioredis on a private network.
    ["redis://127.0.0.1:6379?family=0", undefined],
    ["redis://127.0.0.1:6379/0?family=6", undefined],
    [`redis://127.0.0.1:6379/?password=${SECRET}`, undefined],
    ["redis://127.0.0.1:6379/?db=2", undefined],
    ["REDIS://[::1]:6379/0", undefined],
    ["redis://127.0.0.1:6379", undefined],
    ["redis://127.0.0.1:6379/", undefined],
    [`rediss://user:${SECRET}@127.0.0.1:6379/3`, undefined],
  ])("%s", async (url, problem) => {
    const create = () => createRedisRateLimiter({ url, key: "k", logger, timeoutMs: 50 });
    if (!problem) return void (await create().close());
    expect(create).toThrow(TypeError);
    expect(create).toThrow(`createRedisRateLimiter: url ${problem}`);
    expect(() => create()).not.toThrow(SECRET);
  });

  it("a wrong password is named in the warning (WRONGPASS), not read as a network blip", async () => {
    const admin = new Redis(server.url);
    await admin.call("ACL", "SETUSER", "limiter-user", "on", ">right-pw", "~*", "+@all");
    await admin.quit();
    warnings.length = 0;
    const url = server.url.replace("redis://", "redis://limiter-user:wrong-pw@");
    const limiter = limiterAt(url, { requestsPerSecond: 50, timeoutMs: 300 });
    (await limiter.acquire())(200);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Redis unavailable \(not connected within 300 ms \(.*WRONGPASS/);
    expect(warnings[0]).not.toContain("wrong-pw");
    await limiter.close();
  });
});
