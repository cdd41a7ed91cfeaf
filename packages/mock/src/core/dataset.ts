import { hash, unit } from "./random.js";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  title?: string;
  example?: unknown;
};

/** Review texts as people write them: commas, quotes, emoji, newlines, several scripts. */
const TEXTS = [
  "Soft, smooth",
  'Exactly as pictured. My daughter said "best gift ever" 🎁',
  "Runs small, order one size up.\nOtherwise perfect.",
  "Color faded after two washes 😕",
  "Fast shipping, well packed, would buy again!",
  'Not bad, but the "pink" is more of a salmon',
  "⭐⭐⭐⭐⭐ love it, love it, love it",
  "Arrived damaged; seller replaced it within 3 days, great service",
  "Muy buena calidad, llegó rápido 👍",
  "The stitching came loose.\n\nDisappointed, returned it.",
  "It's fine. Does what it says.",
  "質感很好，會回購",
];
const COLORS = ["Pink", "Black", "White", "Sage Green", "Navy"];
const SIZES = ["one-size", "S", "M", "L", "XL"];
// Ratings skew high, as on real shops, with a bump of angry 1-star reviews.
const RATING_CDF: [number, number][] = [
  [0.09, 1],
  [0.14, 2],
  [0.22, 3],
  [0.4, 4],
  [1, 5],
];
const DAY = 86_400_000;
const NEWEST = Date.UTC(2026, 9, 1); // fixed, so output never depends on the clock

/** A 19-digit id like TikTok's, from two hashes of its inputs. */
const tiktokId = (...parts: (string | number)[]) =>
  "7" +
  String(hash(...parts, "a") % 1e9).padStart(9, "0") +
  String(hash(...parts, "b") % 1e9).padStart(9, "0");

/** A value for one property of item `i` of the dataset for `id`, chosen by name, then type. */
function field(name: string, schema: Schema, seed: string, id: string, i: number): unknown {
  const sku = hash(seed, id, i, "sku") % 5;
  const key = name.toLowerCase();
  if (key === "rating") return RATING_CDF.find(([p]) => unit(seed, id, i, "rating") < p)![1];
  if (key.includes("timestamp") || key.endsWith("_time")) {
    // Newest first, a review every few hours on average, over months.
    return NEWEST - i * Math.floor(DAY / 6) - Math.floor(unit(seed, id, i, "t") * (DAY / 6));
  }
  if (key === "display_text" || /comment|text|content/i.test(schema.title ?? key)) {
    return TEXTS[hash(seed, id, i, "text") % TEXTS.length];
  }
  if (key === "sku_specification") return `Item: ${SIZES[sku]}, ${COLORS[sku]}`;
  if (key === "sku_id") return tiktokId(seed, id, "sku", sku);
  if (key.endsWith("_id")) return tiktokId(seed, id, i, key);
  const type = [schema.type].flat()[0];
  if (type === "integer") return hash(seed, id, i, key) % 1000;
  if (type === "number") return Math.round(unit(seed, id, i, key) * 10_000) / 100;
  if (type === "boolean") return hash(seed, id, i, key) % 2 === 0;
  if (type === "string") return typeof schema.example === "string" ? schema.example : `${key}-${i}`;
  return null;
}

/**
 * Item `i` of the synthetic dataset for `id`: computed from (seed, id, i) alone, so any page is
 * served without building the pages before it, and the server and MSW handlers agree.
 */
export function item(
  schema: Schema,
  seed: string,
  id: string,
  i: number,
  echo: Record<string, string>,
): object {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    // A property named like a request parameter echoes it (the product asked for).
    out[name] = echo[name] ?? field(name, prop, seed, id, i);
  }
  return out;
}

/** How many items the dataset for `id` holds: 20 to 500, stable per seed and id. */
export function defaultDatasetSize(seed: string, id: string): number {
  return 20 + (hash(seed, id, "size") % 481);
}
