import { onAbort } from "./on-abort.js";

/** `rateLimit` option: one token bucket and one concurrency gate per client. */
export interface RateLimitOptions {
  /** Requests a second, retries included; adapts down on 429 and back up on success. */
  requestsPerSecond?: number;
  /** Requests in flight at once. */
  maxConcurrent?: number;
}

export interface Throttle {
  /** The current rate, after adaptation. */
  rate: number;
  /** Waits for a turn (FIFO); resolves to the function that gives it back. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Feeds a response back: 429 slows the client, success lets it recover. */
  record(status: number | undefined): void;
}

/**
 * FIFO admission for every attempt of every call of a client. Requests are spaced 1.02/rate apart
 * (a bucket of one token) because KeyAPI counts QPS over a sliding second: a burst of a full
 * second's tokens followed by the steady rate would overrun that window. Spacing is decided at
 * admission, not at arrival, so a rate cut applies to requests already queued.
 *
 * Adaptive rule (AIMD, as TCP congestion control): each 429 halves the rate (not below
 * 1/10 of the configured rate); each success adds 1/200 of the configured rate back, up to it.
 */
export function createThrottle({
  requestsPerSecond: max,
  maxConcurrent = Infinity,
}: RateLimitOptions): Throttle {
  let queue: ((release: () => void) => void)[] = [];
  let active = 0;
  let nextAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pump = () => {
    clearTimeout(timer);
    while (queue.length && active < maxConcurrent) {
      const wait = nextAt - Date.now();
      if (wait > 0) {
        timer = setTimeout(pump, wait);
        return;
      }
      active++;
      // 2% over 1/rate: a server counting over a sliding second otherwise sees rate + 1 at the
      // window edges whenever arrival jitter shortens one gap.
      nextAt = Math.max(Date.now(), nextAt) + 1020 / throttle.rate;
      let released = false;
      queue.shift()!(() => {
        if (!released) {
          released = true;
          active--;
          pump();
        }
      });
    }
  };

  const throttle: Throttle = {
    rate: max ?? Infinity,
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        signal?.throwIfAborted();
        // A cancelled caller leaves the queue at once instead of holding its place.
        const admit = (release: () => void) => {
          stop();
          resolve(release);
        };
        const stop = onAbort(signal, () => {
          queue = queue.filter((w) => w !== admit);
          reject(signal!.reason);
        });
        queue.push(admit);
        pump();
      }),
    record(status) {
      if (max) {
        throttle.rate =
          status === 429
            ? Math.max(max / 10, throttle.rate / 2)
            : Math.min(max, throttle.rate + max / 200);
      }
    },
  };
  return throttle;
}
