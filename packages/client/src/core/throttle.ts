import { grown, INITIAL, throttled } from "./cubic.js";
import { onAbort } from "./on-abort.js";

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
  // Admission times of the last few seconds, read from `head` on; compacted now and then, so
  // each admission costs O(1) at any rate.
  let sent: number[] = [];
  let head = 0;
  const forget = (now: number) => {
    while (sent[head]! <= now - KEPT_MS) head++;
    if (head > 1024) {
      sent = sent.slice(head);
      head = 0;
    }
  };
  /** Admissions within the last `ms` (at most KEPT_MS): a binary search, the times being sorted. */
  const sentWithin = (now: number, ms: number) => {
    forget(now);
    let [lo, hi] = [head, sent.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sent[mid]! > now - ms) hi = mid;
      else lo = mid + 1;
    }
    return sent.length - lo;
  };
  // What the vendor's sliding second held when it refused a request admitted at `at`: the
  // admissions of the second up to it. Counted when the 429 arrives, a latency later, the last
  // second would instead hold what was sent since, which a window kept full by `maxConcurrent`
  // (or a cut already made) holds to fewer than the vendor saw: a second cut, far too deep.
  const sentSecondBefore = (at: number, now: number) =>
    at - WINDOW_MS <= now - KEPT_MS
      ? sentWithin(now, WINDOW_MS)
      : sentWithin(now, now - at + WINDOW_MS) - sentWithin(now, now - at);
  // The send rate a success may double, a second or two intervals wide: at a low rate with a
  // long latency (0.5 a second, 1.5 s answers) the last second often holds no admission, and a
  // one-second count would pin the rate to the floor for good.
  const sendRate = (now: number) => {
    const ms = Math.min(KEPT_MS, Math.max(1000, 2000 / cubic.rate));
    return (sentWithin(now, ms) * 1000) / ms;
  };

  const pump = () => {
    clearTimeout(timer);
    while (queue.length && active < maxConcurrent) {
      const now = Date.now();
      if (nextAt > now) {
        timer = setTimeout(pump, nextAt - now);
        return;
      }
      active++;
      const admittedAt = now;
      sent.push(now);
      forget(now);
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
          if (admittedAt >= cubic.cutAt + WINDOW_MS)
            cubic = throttled(cubic, sentSecondBefore(admittedAt, at), at);
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
          reject(signal!.reason);
        });
        queue.push(admit);
        pump();
      }),
  };
  return throttle;
}
