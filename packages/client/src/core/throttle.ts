import { grown, INITIAL, throttled } from "./cubic.js";
import { onAbort } from "./on-abort.js";
import { createRecentTimes } from "./recent-times.js";

/** `rateLimit` option: the client's own limiter. */
export interface RateLimitOptions {
  /**
   * A hard cap in requests a second, retries included, spaced for a server that counts over a
   * sliding second. Without it the limit is found from the server's 429s (adaptive, CUBIC).
   */
  requestsPerSecond?: number;
  /** Requests in flight at once (default: no bound). */
  maxConcurrent?: number;
}

/**
 * What the client needs of a rate limiter: its own (`rateLimit: { … }`, or the default) or one
 * shared with other processes (`@keyapi-tiktok/limiter-redis`). Every attempt, retries included,
 * takes a turn.
 */
export interface RateLimiter {
  /**
   * Waits for a turn, first come first served; rejects with the signal's reason when it aborts,
   * leaving the queue at once. Resolves to the function that ends the turn, told the attempt's
   * HTTP status (undefined when no response came): a 429 slows the limiter down.
   */
  acquire(signal?: AbortSignal): Promise<(status?: number | undefined) => void>;
}

/** The client's limiter, with its current rate for tests and logs. */
export interface Throttle extends RateLimiter {
  /** Requests a second allowed now: the cap, or lower after 429s; Infinity when unbounded. */
  readonly rate: number;
}

/**
 * FIFO admission for every attempt of every call of a client. Requests are spaced 1.02/rate apart
 * (a bucket of one token) because KeyAPI counts QPS over a sliding second: a burst of a full
 * second's tokens followed by the steady rate would overrun that window. Spacing is decided at
 * admission, so a rate cut applies to requests already queued.
 *
 * The rate is the cap (if any) or, after a 429, the adaptive CUBIC rate (`cubic.ts`), whichever
 * is lower. Only one cut per congestion event (as TCP cuts once per window): a 429 for a request
 * whose vendor second began before the last cut, that is one admitted less than a second after
 * it, was refused for what was sent at the old rate, and says nothing of the new one.
 */
/**
 * The most a turn may be taken after it was due and still keep its place on the grid of turns:
 * it takes 2 ms of the 20 ms the 2% spacing leaves in a sliding second, the rest being for
 * arrival jitter.
 */
const LATE_MS = 2;
/** How long admission times are kept: the widest window a send rate is measured over. */
const KEPT_MS = 10_000;
/** The window KeyAPI counts a key's QPS over: a sliding second. */
const WINDOW_MS = 1000;

export function createThrottle({
  requestsPerSecond: cap = Infinity,
  maxConcurrent = Infinity,
}: RateLimitOptions = {}): Throttle {
  let queue: ((release: (status?: number) => void) => void)[] = [];
  let active = 0;
  let nextAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cubic = INITIAL;
  // Admissions of the last few seconds, and which of them the vendor refused (429).
  const sent = createRecentTimes(KEPT_MS);
  const refused = createRecentTimes(KEPT_MS);
  // What the vendor accepted in the sliding second it refused a request admitted at `at`, as
  // far as the answers tell: the admissions of the second up to it, less those refused (one
  // still out counts as accepted). That count is the key's limit, or this client's share of a
  // key that others use too. What the client sent in that second is not: after a burst it is
  // far above the limit, and a rate cut from it levelled off above the limit for good; and
  // counted when the 429 arrives, a latency later, the last second holds what was sent since,
  // which the cut already made keeps short (a second cut, far too deep). Admissions older than
  // KEPT_MS are forgotten: then the last second's count stands in.
  const acceptedSecondBefore = (at: number, now: number) => {
    const to = at - WINDOW_MS <= now - KEPT_MS ? now : at;
    return sent.countIn(to - WINDOW_MS, to, now) - refused.countIn(to - WINDOW_MS, to, now);
  };
  // The send rate a success may double, a second or two intervals wide: at a low rate with a
  // long latency (0.5 a second, 1.5 s answers) the last second often holds no admission, and a
  // one-second count would pin the rate to the floor for good.
  const sendRate = (now: number) => {
    const ms = Math.min(KEPT_MS, Math.max(1000, 2000 / cubic.rate));
    return (sent.countIn(now - ms, now, now) * 1000) / ms;
  };

  const pump = () => {
    clearTimeout(timer);
    while (queue.length && active < maxConcurrent) {
      const now = Date.now();
      if (nextAt > now) {
        // A timer holds at most 2^31-1 ms (past it, Node fires at once and warns): it looks again.
        timer = setTimeout(pump, Math.min(nextAt - now, 2 ** 31 - 1));
        return;
      }
      active++;
      const admittedAt = now;
      sent.add(now, now);
      // 2% over 1/rate: a server counting over a sliding second otherwise sees rate + 1 at the
      // window edges whenever arrival jitter shortens one gap. The interval runs from when the
      // turn was due, not when its timer fired: a timer fires late (a fraction of a millisecond
      // on an idle loop, more on a busy one), and that lateness was added to every interval.
      // Later than LATE_MS (an idle limiter, a blocked event loop) starts afresh from now, so a
      // stall is never made up in a burst. Under 1 ms an interval is below the timers' own
      // resolution, and added to a clock near 1.8e12 ms it rounds away: there the turn is
      // spaced from now, as a timer allows.
      const interval = 1020 / throttle.rate;
      nextAt =
        (interval >= 1 && now - nextAt <= LATE_MS ? nextAt : Math.max(now, nextAt)) + interval;
      let released = false;
      queue.shift()!((status) => {
        if (released) return;
        released = true;
        active--;
        const at = Date.now();
        if (status === 429) {
          refused.add(admittedAt, at);
          if (admittedAt >= cubic.cutAt + WINDOW_MS)
            cubic = throttled(cubic, acceptedSecondBefore(admittedAt, at), at);
        } else if (status !== undefined && cubic.rate !== Infinity)
          cubic = grown(cubic, sendRate(at), at);
        pump();
      });
    }
  };

  const throttle: Throttle = {
    get rate() {
      return Math.min(cap, cubic.rate);
    },
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        signal?.throwIfAborted();
        // A cancelled caller leaves the queue at once instead of holding its place.
        const admit = (release: (status?: number) => void) => {
          stop();
          resolve(release);
        };
        const stop = onAbort(signal, () => {
          stop();
          queue = queue.filter((w) => w !== admit);
          pump(); // the last one gone: no timer left waiting for a turn (it held the process)
          reject(signal!.reason);
        });
        queue.push(admit);
        pump();
      }),
  };
  return throttle;
}
