/**
 * `@keyapi-tiktok/limiter-redis`: one KeyAPI rate limit for many workers on one key, in Redis.
 *
 * @packageDocumentation
 */
export {
  createRedisRateLimiter,
  limitNameFor,
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
} from "./redis-limiter.js";
export { redisUrlProblem } from "./url-problem.js";
