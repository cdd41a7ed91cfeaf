import type { RateLimiter } from "./throttle.js";

/** Weight of each new latency sample: about the last ten answers count. */
const ALPHA = 0.1;

/** The pace of a client's requests: the rate its limiter allows now and the latency it sees. */
export interface Pace {
  /** Requests a second allowed now; Infinity while unknown (no cap yet, or a shared limiter). */
  rate(): number;
  /** Smoothed time from a request's rate-limit turn to its answer; undefined before the first. */
  latencyMs(): number | undefined;
  /** One answered attempt's time (a 429 is not a sample: the gateway answers it at once). */
  observe(ms: number): void;
}

export function createPace(limiter: RateLimiter | undefined): Pace {
  let latency: number | undefined;
  return {
    rate: () =>
      limiter && "rate" in limiter && typeof limiter.rate === "number" ? limiter.rate : Infinity,
    latencyMs: () => latency,
    observe(ms) {
      latency = latency === undefined ? ms : latency + ALPHA * (ms - latency);
    },
  };
}

/**
 * Requests worth having in flight (Little's law, L = λ·W): the rate times the latency, plus one
 * so a slow answer does not leave the key idle. Infinity while either is unknown: the caller's
 * cap applies.
 */
export function inFlightFor(rate: number, latencyMs: number | undefined): number {
  if (!(rate < Infinity) || latencyMs === undefined) return Infinity;
  return Math.ceil((rate * latencyMs) / 1000) + 1;
}
