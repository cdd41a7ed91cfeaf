/**
 * CUBIC for a request rate, after the AWS SDKs' adaptive retry mode (itself after TCP CUBIC,
 * RFC 9438): the rate the server accepted, measured at a throttle, becomes the ceiling, the
 * rate drops to `BETA` of it, then grows back along `C·(t − K)³ + ceiling`: slowly near the old
 * ceiling, faster past it, so a limit that was raised is found again.
 *
 * `C` and the floor are the AWS SDKs' (`scaleConstant` 0.4, `minFillRate` 0.5); `BETA` is 0.8
 * where theirs is 0.7. Their services' capacity moves; a KeyAPI key's limit is a fixed count over
 * a sliding second, and the ceiling is what the vendor accepted in the second it refused
 * (`throttle.ts`): the limit itself, so a cut need only go under it. 0.9 returned faster still,
 * and overshot more where a 429 takes long to come back (docs/client.md has the figures). With
 * C = 0.4 a 20-a-second ceiling is regained K = ∛(20·0.2/0.4) ≈ 2.2 s after a cut, and the
 * probe above it passes 21 a second 1.4 s later.
 *
 * The SRE book's client-side throttling (accept ratio over two minutes) reacts to
 * the share of refusals instead of to each one; it suits a backend protecting itself, not a
 * client finding a fixed per-key QPS, so it is not used here.
 */
export const BETA = 0.8;
export const C = 0.4;
/** Requests a second: a cut never goes below it, so a client is never starved. */
export const MIN_RATE = 0.5;

export interface CubicState {
  /** Requests a second allowed now; Infinity until the first throttle (inactive). */
  rate: number;
  /** What the server accepted a second, measured at the last throttle (W_max). */
  ceiling: number;
  /** When the last cut happened (ms, Date.now()). */
  cutAt: number;
  /** Seconds after a cut at which the curve is back at the ceiling. */
  k: number;
}

export const INITIAL: CubicState = { rate: Infinity, ceiling: 0, cutAt: -Infinity, k: 0 };

/**
 * A throttle at `now`, the vendor having accepted `accepted` requests in the second it refused
 * this one (what the client sent in it, for a limiter that cannot tell them apart).
 */
export function throttled(s: CubicState, accepted: number, now: number): CubicState {
  // Once active, the ceiling is never above the rate we were allowed: a burst measured above it
  // was the queue draining, not what the server accepts.
  const ceiling = Math.max(MIN_RATE, Math.min(accepted, s.rate));
  return {
    ceiling,
    rate: Math.max(MIN_RATE, ceiling * BETA),
    cutAt: now,
    k: Math.cbrt((ceiling * (1 - BETA)) / C),
  };
}

/**
 * A success at `now`: the rate on the curve, but grown no higher than twice the send rate
 * (`sent` a second), so a client that is idle or slowed by its own concurrency does not bank a
 * rate it has not tried. A success never lowers the rate: a quiet second is not a throttle.
 */
export function grown(s: CubicState, sent: number, now: number): CubicState {
  if (s.rate === Infinity) return s;
  const t = (now - s.cutAt) / 1000 - s.k;
  const rate = Math.min(C * t ** 3 + s.ceiling, Math.max(s.rate, 2 * sent));
  return { ...s, rate: Math.max(MIN_RATE, rate) };
}
