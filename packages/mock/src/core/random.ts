/** FNV-1a: a stable 32-bit hash, so the same seed and id give the same data everywhere. */
export function hash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG for fault injection that replays the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic number in [0, 1) for one position of one dataset. */
export const unit = (...parts: (string | number)[]) => hash(...parts) / 4294967296;

/** The newest time a dataset holds: fixed, so output never depends on the clock. */
export const NEWEST = Date.UTC(2026, 9, 1);
