import type { Redis } from "ioredis";
import { BETA, C, MIN_RATE } from "@keyapi-tiktok/client/limiter";
import { ACQUIRE, RECORD, script, type Script } from "./scripts.js";

/** A slot taken in the shared schedule. */
export interface Slot {
  /** Milliseconds until the slot (Redis's clock). */
  waitMs: number;
  /** The admission's number, for the one-cut-per-congestion-event rule. */
  seq: number;
  /** The fleet's rate at admission; Infinity while no limit applies. */
  rate: number;
}

/** The limit's state in Redis: two atomic scripts, each call bounded by `timeoutMs`. */
export interface Store {
  take(cap: number | undefined): Promise<Slot>;
  record(kind: "throttle" | "success", seq: number): Promise<number>;
}

const rateOf = (text: string) => (text === "inf" ? Infinity : Number(text));

/** Rejects when `promise` has not settled within `ms`: a hung Redis must not hang a worker. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createStore(redis: Redis, name: string, timeoutMs: number): Store {
  // One hash tag: the five keys land on one slot of a Redis Cluster, as a script needs.
  const keys = ["next", "sent", "seq", "adaptive", "refused"].map(
    (k) => `keyapi:rate:{${name}}:${k}`,
  );
  // EVALSHA with the NOSCRIPT fallback by hand, not ioredis's defineCommand: that would add
  // methods to a client the caller may own (the `client` option), to save these eight lines.
  const run = async (s: Script, args: (string | number)[]): Promise<unknown> => {
    try {
      return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (error) {
      // A restarted Redis has forgotten its scripts.
      if (!String(error).includes("NOSCRIPT")) throw error;
      return redis.eval(s.lua, keys.length, ...keys, ...args);
    }
  };
  const acquire = script(ACQUIRE);
  const record = script(RECORD);
  return {
    async take(cap) {
      const [wait, seq, rate] = (await within(run(acquire, [cap ?? 0]), timeoutMs)) as [
        string,
        number,
        string,
      ];
      return { waitMs: Number(wait), seq, rate: rateOf(rate) };
    },
    async record(kind, seq) {
      const args = [kind, seq, BETA, C, MIN_RATE];
      return rateOf((await within(run(record, args), timeoutMs)) as string);
    },
  };
}
