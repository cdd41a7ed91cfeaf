import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { createRateLimiter, sleep, type RateLimiter } from "@keyapi-tiktok/client/limiter";
import { createStore, type Store } from "./store.js";
import { redisUrlProblem } from "./url-problem.js";

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** `redis://host:port/db`; the limiter opens its own connection and `close()` ends it. */
  url?: string;
  /** An ioredis client of yours instead of `url` (left open by `close()`). */
  client?: Redis;
  /**
   * The name of the shared limit: every worker using the same API key passes the same name.
   * A label, never the API key itself (it would be stored in Redis key names).
   */
  key: string;
  /**
   * A hard cap for the whole fleet, in requests a second. Without it the fleet's rate is
   * learned from 429s (CUBIC, as the client's own limiter) and kept in Redis.
   */
  requestsPerSecond?: number;
  /** Each Redis call's time limit (default 250 ms); past it the worker uses its local limiter. */
  timeoutMs?: number;
  /** Told when the store is lost and when it is back (default `console`). */
  logger?: { warn(message: string): void };
}

/** A rate limiter for `createKeyApiClient({ rateLimit })`, shared through Redis. */
export interface RedisRateLimiter extends RateLimiter {
  /** Ends the Redis connection the limiter opened (a `client` given is left open). */
  close(): Promise<void>;
}

/**
 * The name of an API key's shared limit: the first 16 hex digits of its SHA-256, so every tool
 * on one key (the CLI's `--redis-url` uses it too) meets in one limit without storing the key.
 */
export function limitNameFor(apiKey: string): string {
  return `key-${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`;
}

/**
 * Redis's words for a command the user's ACL denies: NOPERM outside a script, and inside one
 * (Redis 7.0) "The user executing the script can't run this command".
 */
const isDenied = (message: string) => /\bNOPERM\b|can't run this command/.test(message);

/** After a failed store call, how long a worker stays on its local limiter before trying again. */
const RETRY_STORE_MS = 1_000;

/**
 * A rate limit shared by every worker (process, container, machine) that uses one API key: the
 * schedule of request slots and the adaptive rate live in Redis, updated by atomic scripts.
 * When Redis cannot be reached, each worker falls back to its own limiter (capped at the last
 * shared rate) with one warning, and shares again when Redis answers.
 *
 * @example
 * const limiter = createRedisRateLimiter({ url: process.env.REDIS_URL, key: "team-a" });
 * const client = createKeyApiClient({ rateLimit: limiter });
 * // … at shutdown
 * await limiter.close();
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const { key, requestsPerSecond: cap, timeoutMs = 250, logger = console } = options;
  if (!key) throw new TypeError("createRedisRateLimiter: `key` names the shared limit");
  if (!options.client && !options.url)
    throw new TypeError("createRedisRateLimiter: pass `url` or `client`");
  const problem = options.client ? undefined : redisUrlProblem(options.url!);
  if (problem) throw new TypeError(`createRedisRateLimiter: url ${problem}`);
  // No offline queue: while disconnected a call fails at once (the worker goes local) instead
  // of waiting for a reconnect; ioredis keeps reconnecting in the background.
  const redis =
    options.client ??
    new Redis(options.url!, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      // ioredis's ready check sends INFO, and a user the ACL denies it (Redis's own advice for a
      // least-privilege user) made ioredis print its own line on each connect. A Redis still
      // loading its data fails the store's calls instead, and the worker limits itself a while.
      enableReadyCheck: false,
      retryStrategy: (times) => Math.min(times * 100, 1_000),
    });
  // An error event without a listener would crash the process; the calls report it instead,
  // the last one named (a wrong password, WRONGPASS, is no network blip).
  let lastError: Error | undefined;
  // ioredis sends SELECT on each connect and, refused (a database this Redis does not have,
  // `/99`), stays on database 0 and calls itself ready: the limit would be shared with whatever
  // else uses 0. Until a connect's SELECT goes through, the store is not used.
  let selectRefused: Error | undefined;
  const onError = (error: Error) => {
    lastError = error;
    if ((error as { command?: { name?: string } }).command?.name === "select")
      selectRefused = error;
  };
  const onConnect = () => void (selectRefused = undefined);
  redis.on("error", onError);
  redis.on("connect", onConnect);
  const store: Store = createStore(redis, key, timeoutMs);
  // A database that was refused, as the error the store's calls meet instead.
  const refusedDb = () =>
    selectRefused && new Error(`cannot use its database: ${selectRefused.message}`);
  // Connected, through ioredis's ready check and on the database asked, or a rejection within
  // `timeoutMs`: without an offline queue a call made while (re)connecting would fail, and one
  // queued would wait.
  const ready = (): Promise<void> => {
    if (redis.status === "ready") {
      const refused = refusedDb();
      return refused ? Promise.reject(refused) : Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      // The listener removed is the one added: during an outage every probe times out, and
      // each would otherwise leave its listener on the client for good.
      const onReady = () => done(refusedDb());
      const done = (error?: Error) => {
        clearTimeout(timer);
        redis.off("ready", onReady);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        const why = lastError ? `: ${lastError.message}` : "";
        done(new Error(`not connected within ${timeoutMs} ms (${redis.status}${why})`));
      }, timeoutMs);
      redis.once("ready", onReady);
    });
  };

  let lastRate = Infinity;
  let local: RateLimiter | undefined;
  let retryAt = 0;
  // A command the user's ACL denies stays denied: an ACL that lets ACQUIRE run and not RECORD
  // shared the limit on each turn and lost it on each 429, a warning each way. The worker limits
  // itself for good, said once.
  let denied = false;
  const fallBack = (error: unknown) => {
    retryAt = Date.now() + RETRY_STORE_MS;
    const why = (error as Error)?.message ?? String(error);
    const newly = !denied && isDenied(why);
    denied ||= newly;
    // Said once when Redis is lost, and once more should a denial come while it is: the
    // "until it is back" of the first would not hold.
    if (local && !newly) return;
    local ??= createRateLimiter({
      requestsPerSecond: cap ?? (lastRate < Infinity ? lastRate : undefined),
    });
    logger.warn(
      denied
        ? `keyapi rate limit "${key}": Redis denies a command the limiter runs (${why}); this worker limits itself until it is restarted with a user allowed them`
        : `keyapi rate limit "${key}": Redis unavailable (${why}); this worker limits itself until it is back`,
    );
  };
  const record = (kind: "throttle" | "success", seq: number) =>
    store.record(kind, seq).then((rate) => void (lastRate = rate), fallBack);

  return {
    async acquire(signal) {
      signal?.throwIfAborted();
      if (local && (denied || Date.now() < retryAt)) return local.acquire(signal);
      let slot;
      try {
        await ready();
        slot = await store.take(cap);
      } catch (error) {
        fallBack(error);
        return local!.acquire(signal);
      }
      if (local) {
        local = undefined;
        logger.warn(`keyapi rate limit "${key}": Redis is back; the limit is shared again`);
      }
      lastRate = slot.rate;
      // A caller that aborts leaves at once; its slot stays taken (one interval of the fleet).
      if (slot.waitMs > 0) await sleep(slot.waitMs, signal);
      return (status) => {
        if (status === 429) void record("throttle", slot.seq);
        else if (status !== undefined && slot.rate < Infinity) void record("success", slot.seq);
      };
    },
    async close() {
      if (options.client) redis.off("error", onError).off("connect", onConnect);
      else redis.disconnect();
    },
  };
}
