import { createHash } from "node:crypto";

// Both scripts read the time from Redis (TIME): every worker, on any machine, shares one clock.
// Keys: 1 the next free slot (ms), 2 admissions of the last 10 s (sorted set, score = slot),
// 3 the admission counter, 4 the adaptive state (hash), 5 the admissions the vendor refused
// (sorted set, as 2). Every key is given an expiry on each write, so a limit nobody uses
// disappears.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Takes the next slot: a request every 1.02/rate seconds for the whole fleet, the rate being
 * the cap (ARGV[1], 0 for none) or the adaptive rate, whichever is lower. Returns the wait until
 * the slot, the admission's number and the rate ("inf" while no limit applies).
 */
export const ACQUIRE = `${NOW}
local rate = tonumber(ARGV[1])
if rate <= 0 then rate = math.huge end
local adaptive = tonumber(redis.call('HGET', KEYS[4], 'rate'))
if adaptive and adaptive < rate then rate = adaptive end
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1])) or 0)
local seq = redis.call('INCR', KEYS[3])
-- A counter that expired starts again from 1: the last cut's number would make every 429 old.
if seq == 1 then redis.call('HDEL', KEYS[4], 'cutSeq') end
redis.call('PEXPIRE', KEYS[3], 600000)
if rate < math.huge then
  redis.call('SET', KEYS[1], tostring(slot + 1020 / rate), 'PX', math.ceil(slot - now) + 60000)
end
redis.call('ZADD', KEYS[2], slot, seq)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 10000)
redis.call('PEXPIRE', KEYS[2], math.ceil(slot - now) + 11000)
return {tostring(slot - now), seq, rate < math.huge and tostring(rate) or 'inf'}`;

/**
 * The adaptive rule of `@keyapi-tiktok/client/limiter` (CUBIC), on the shared state: ARGV[1]
 * `throttle` or `success`, ARGV[2] the admission's number, ARGV[3..5] beta, C and the floor.
 * A throttle for an admission made before the last cut, or less than a second after it (its
 * vendor second held what was sent at the old rate), is the same congestion event: no cut. The
 * ceiling is what the vendor accepted in the second up to the refused admission's slot: the
 * fleet's admissions in it less those refused (one still out counts as accepted), as the
 * client's limiter counts. Returns the rate after ("inf" while inactive).
 */
export const RECORD = `${NOW}
local s = redis.call('HMGET', KEYS[4], 'rate', 'ceiling', 'cutAt', 'k', 'cutSeq')
local beta, c, floor = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local rate
if ARGV[1] == 'throttle' then
  -- The admission's slot; gone when it is older than the 10 s kept (then: the last second).
  local at = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[2]))
  if at then
    redis.call('ZADD', KEYS[5], at, ARGV[2])
    redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now - 10000)
    redis.call('PEXPIRE', KEYS[5], 11000)
  end
  if s[5] and (tonumber(ARGV[2]) <= tonumber(s[5]) or (at and at < tonumber(s[3]) + 1000)) then
    return s[1]
  end
  -- Part of that second may already be trimmed: the last second stands in, as in the client.
  if at and at - 1000 <= now - 10000 then at = nil end
  -- Bounds as text with every digit: Lua's default keeps 14, which rounds a bound to 0.1 ms.
  local to = at or now
  local from, upto = string.format('(%.17g', to - 1000), string.format('%.17g', to)
  local accepted = redis.call('ZCOUNT', KEYS[2], from, upto) - redis.call('ZCOUNT', KEYS[5], from, upto)
  local ceiling = math.max(floor, math.min(accepted, tonumber(s[1]) or math.huge))
  rate = math.max(floor, ceiling * beta)
  redis.call('HSET', KEYS[4], 'rate', tostring(rate), 'ceiling', tostring(ceiling),
    'cutAt', now, 'k', tostring(((ceiling * (1 - beta)) / c) ^ (1 / 3)),
    'cutSeq', redis.call('GET', KEYS[3]) or 0)
else
  if not s[1] then return 'inf' end
  -- The send rate over a second or two intervals (at most 10 s), as the client's limiter has
  -- it; a success grows the rate no higher than twice it and never lowers it.
  local was = tonumber(s[1])
  local window = math.min(10000, math.max(1000, 2000 / was))
  local rateSent = redis.call('ZCOUNT', KEYS[2], now - window, now) * 1000 / window
  local x = (now - tonumber(s[3])) / 1000 - tonumber(s[4])
  rate = math.max(floor, math.min(c * x ^ 3 + tonumber(s[2]), math.max(was, 2 * rateSent)))
  redis.call('HSET', KEYS[4], 'rate', tostring(rate))
end
redis.call('PEXPIRE', KEYS[4], 600000)
return tostring(rate)`;

/** A script and its SHA-1, for EVALSHA (EVAL when the server has not seen it yet). */
export interface Script {
  lua: string;
  sha: string;
}

export const script = (lua: string): Script => ({
  lua,
  sha: createHash("sha1").update(lua).digest("hex"),
});
