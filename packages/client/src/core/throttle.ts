/** `rateLimit` option: one token bucket and one concurrency gate per client. */
export interface RateLimitOptions {
  /** Requests a second, retries included; adapts down on 429 and back up on success. */
  requestsPerSecond?: number;
  /** Requests in flight at once. */
  maxConcurrent?: number;
}

interface Waiter {
  resolve(release: () => void): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort(): void;
}

/**
 * FIFO admission for every attempt of every call of a client. Requests are spaced 1.02/rate apart
 * (a bucket of one token) because KeyAPI counts QPS over a sliding second: a burst of a full
 * second's tokens followed by the steady rate would overrun that window.
 *
 * Adaptive rule (AIMD, as TCP congestion control): each 429 halves the rate (not below
 * 1/10 of the configured rate); each success adds 1/200 of the configured rate back, up to it.
 */
export class Throttle {
  rate: number;
  #queue: Waiter[] = [];
  #active = 0;
  #nextAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RateLimitOptions) {
    this.rate = options.requestsPerSecond ?? Infinity;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        // A cancelled caller leaves the queue at once instead of holding its place.
        onAbort: () => {
          this.#queue = this.#queue.filter((w) => w !== waiter);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Feeds a response back: 429 slows the client, success lets it recover. */
  record(status: number | undefined): void {
    const max = this.options.requestsPerSecond;
    if (!max) return;
    this.rate =
      status === 429 ? Math.max(max / 10, this.rate / 2) : Math.min(max, this.rate + max / 200);
  }

  #pump(): void {
    clearTimeout(this.#timer);
    while (this.#queue.length && this.#active < (this.options.maxConcurrent ?? Infinity)) {
      const wait = this.#nextAt - Date.now();
      if (wait > 0) {
        this.#timer = setTimeout(() => this.#pump(), wait);
        return;
      }
      const waiter = this.#queue.shift()!;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      this.#active++;
      // 2% over 1/rate: a server counting over a sliding second otherwise sees rate + 1 at the
      // window edges whenever arrival jitter shortens one gap.
      this.#nextAt = Math.max(Date.now(), this.#nextAt) + 1020 / this.rate;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.#active--;
        this.#pump();
      });
    }
  }
}
