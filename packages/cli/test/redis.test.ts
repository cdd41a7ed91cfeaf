import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  startRedis,
  type RedisProcess,
} from "../../limiter-redis/test/support/redis.mjs";
import { runCli } from "./support.js";

let redis: RedisProcess;
beforeAll(async () => (redis = await startRedis()));
afterAll(() => redis.kill());

const MOCK_KEY_LIMIT = async () => {
  // The embedded mock's key; the limit is named from its SHA-256, never the key itself.
  const { startMockServer } = await import("@keyapi-tiktok/mock");
  const mock = await startMockServer();
  const name = `key-${createHash("sha256").update(mock.testKey).digest("hex").slice(0, 16)}`;
  await mock.close();
  return name;
};

describe("--redis-url / KEYAPI_REDIS_URL: the key's limit shared through Redis", () => {
  it.each([
    ["--redis-url", (url: string) => [["--redis-url", url], {}] as const],
    ["KEYAPI_REDIS_URL", (url: string) => [[], { KEYAPI_REDIS_URL: url }] as const],
  ])("%s: every request of the run takes its turn in the shared limit", async (_case, how) => {
    const name = await MOCK_KEY_LIMIT();
    const client = new Redis(redis.url);
    await client.del(`keyapi:rate:{${name}}:seq`);
    const [flags, env] = how(redis.url);
    const run = await runCli(
      ["--mock", ...flags, "reviews", "7", "--pages", "3", "--format", "ndjson", "--rps", "50"],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const requests = Number(/\((\d+) requests\)/.exec(run.stderr)![1]);
    expect(Number(await client.get(`keyapi:rate:{${name}}:seq`))).toBe(requests);
    expect(run.stderr).not.toMatch(/Redis unavailable/);
    client.disconnect();
  });

  it("Redis not reachable: the run completes on its own limiter, with one warning", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const run = await runCli([
      "--mock",
      "--redis-url",
      url,
      "reviews",
      "7",
      "--pages",
      "3",
      "--format",
      "ndjson",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(30);
    expect(run.stderr.match(/Redis unavailable/g)).toHaveLength(1);
  });

  it.each(["", "http://127.0.0.1:6379", "127.0.0.1:6379"])(
    "--redis-url %j is refused: one line, exit 2",
    async (url) => {
      const run = await runCli(["--mock", "--redis-url", url, "reviews", "7"]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/must be a redis:\/\/ or rediss:\/\/ URL/);
    },
  );
});
