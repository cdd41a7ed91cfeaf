/** Times (ms) of the last `keptMs`, sorted, counted over any window within them. */
export interface RecentTimes {
  /** Records a time; one at or after the last is appended in O(1), an earlier one inserted. */
  add(at: number, now: number): void;
  /** How many recorded times lie in (from, to]; times older than `now − keptMs` are gone. */
  countIn(from: number, to: number, now: number): number;
}

export function createRecentTimes(keptMs: number): RecentTimes {
  // Read from `head` on; compacted now and then, so forgetting costs O(1) a time at any rate.
  let times: number[] = [];
  let head = 0;
  const forget = (now: number) => {
    while (head < times.length && times[head]! <= now - keptMs) head++;
    if (head > 1024) {
      times = times.slice(head);
      head = 0;
    }
  };
  /** Index of the first time after `t`: a binary search. */
  const firstAfter = (t: number) => {
    let [lo, hi] = [head, times.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return {
    add(at, now) {
      forget(now);
      const last = head < times.length ? times[times.length - 1]! : -Infinity;
      if (at >= last) times.push(at);
      else times.splice(firstAfter(at), 0, at);
    },
    countIn(from, to, now) {
      forget(now);
      return firstAfter(to) - firstAfter(from);
    },
  };
}
