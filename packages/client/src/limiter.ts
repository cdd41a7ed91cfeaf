/**
 * `@keyapi-tiktok/client/limiter`: the client's rate limiter and its adaptive rule as parts, for
 * a limiter shared across processes (`@keyapi-tiktok/limiter-redis` keeps the same rule in its
 * store) or one local limiter shared by several clients of a process.
 *
 * @packageDocumentation
 */
export {
  createThrottle as createRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
  type Throttle,
} from "./core/throttle.js";
export { BETA, C, MIN_RATE, INITIAL, grown, throttled, type CubicState } from "./core/cubic.js";
/** The abortable wait the client's limiter and backoff use: a limiter waiting for its slot too. */
export { sleep } from "./core/sleep.js";
