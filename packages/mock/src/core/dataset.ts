import { resolveSchema } from "@keyapi-tiktok/types/spec";
import { withChoice } from "./choice.js";
import { defineField } from "./define-field.js";
import { constrained, fits, type Scalar } from "./constrained.js";
import { kindOf } from "./kind.js";
import { hash, NEWEST, unit } from "./random.js";

type Schema = Scalar & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  title?: string;
  example?: unknown;
  enum?: unknown[];
  minItems?: number;
  maxItems?: number;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  const?: unknown;
  /**
   * The overlay's hints for an object's properties: property name → what it holds (see
   * `HINTED`). Stated on the object, so a property the vendor removes leaves a stale hint, never
   * a property the overlay made up.
   */
  "x-sdk-mock"?: Record<string, string>;
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

/** A 19-digit id like TikTok's, from two hashes of its inputs. */
const tiktokId = (...parts: (string | number)[]) =>
  "7" +
  String(hash(...parts, "a") % 1e9).padStart(9, "0") +
  String(hash(...parts, "b") % 1e9).padStart(9, "0");

/**
 * Values for the overlay's `x-sdk-mock` hints, keyed by the hint: what a field holds is stated
 * in the spec, not guessed from the vendor's names. `sku` picks one of five variants per item, so
 * a variant's label and id agree.
 */
const HINTED: Record<
  string,
  (at: { seed: string; id: string; i: number; sku: number }) => unknown
> = {
  // 1 to 5 stars, skewed high as on real shops.
  rating: ({ seed, id, i }) => RATING_CDF.find(([p]) => unit(seed, id, i, "rating") < p)![1],
  // Text as people write it (commas, quotes, emoji, newlines, several scripts).
  text: ({ seed, id, i }) => TEXTS[hash(seed, id, i, "text") % TEXTS.length],
  "variant-label": ({ sku }) => `Item: ${SIZES[sku]}, ${COLORS[sku]}`,
  "variant-id": ({ seed, id, sku }) => tiktokId(seed, id, "sku", sku),
};

/** Where a value is made: the dataset's seed, the entity's id, the item's index, the nesting. */
interface At {
  seed: string;
  id: string;
  i: number;
  depth: number;
}

/**
 * A value for one property of an item: by the overlay's hint, then name, then type (`newest`:
 * the example's).
 */
function field(
  name: string,
  raw: Schema,
  at: At,
  { newest, hint }: { newest?: unknown; hint?: string | undefined } = {},
): unknown {
  const schema = withChoice(resolveSchema(raw));
  const { seed, id, i, depth } = at;
  const sku = hash(seed, id, i, "sku") % 5;
  const key = name.toLowerCase();
  // What the schema pins down wins over what the name suggests: a value is always schema-valid.
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length)
    return schema.enum[hash(seed, id, i, key, "enum") % schema.enum.length];
  const kind = kindOf(schema);
  const deeper = { ...at, depth: depth + 1 };
  // Past depth 4 only what the schema requires (a required chain was `{}` there); past 32, a
  // schema that requires itself has no finite value.
  if (kind === "object")
    return depth < 32
      ? fields(schema, deeper, { prefix: `${key}.`, onlyRequired: depth >= 4 })
      : {};
  if (kind === "array") {
    const least = schema.minItems ?? 0;
    const wanted = depth < 4 ? 1 + (hash(seed, id, i, key, "n") % 3) : 0;
    const n = Math.min(Math.max(wanted, least), schema.maxItems ?? Infinity, least + 3);
    return Array.from({ length: n }, (_, k) => field(`${name}_${k}`, schema.items ?? {}, deeper));
  }
  // What the schema demands of a scalar (bounds, lengths, pattern, format) wins over the name too.
  return constrained(schema, scalar(key, schema, kind, { ...at, sku }, newest, hint), [
    seed,
    id,
    i,
    key,
  ]);
}

/** A scalar value by the overlay's hint, then name, then type. */
function scalar(
  key: string,
  schema: Schema,
  kind: string | undefined,
  at: At & { sku: number },
  newest: unknown,
  hint: string | undefined,
): unknown {
  const { seed, id, i } = at;
  const hinted = hint !== undefined && Object.hasOwn(HINTED, hint) ? HINTED[hint]!(at) : undefined;
  if (hinted !== undefined) return hinted;
  if (key.includes("timestamp") || key.endsWith("_time")) {
    // Newest first, an item every few hours on average, over months; older than the spec's
    // example when it is item 0, in its unit (seconds or milliseconds).
    const seconds = typeof newest === "number" && newest < 1e11;
    const top = typeof newest === "number" ? (seconds ? newest * 1000 : newest) : NEWEST;
    const t = top - i * Math.floor(DAY / 6) - Math.floor(unit(seed, id, i, "t") * (DAY / 6));
    // The schema's type wins over the name: a time the spec types as text is an ISO date (its
    // day alone for a `date`).
    if (kind === "string") {
      const iso = new Date(t).toISOString();
      return schema.format === "date" ? iso.slice(0, 10) : iso;
    }
    return seconds ? Math.floor(t / 1000) : t;
  }
  // Ids before texts: `comment_id` is an id, not a comment; one typed as a number is a number
  // (15 of its digits, inside what a double holds exactly).
  if (key.endsWith("_id"))
    return kind === "integer" || kind === "number"
      ? Number(tiktokId(seed, id, i, key).slice(0, 15))
      : tiktokId(seed, id, i, key);
  if (kind === "string" && /comment|text|content/i.test(schema.title ?? key))
    return TEXTS[hash(seed, id, i, "text") % TEXTS.length];
  // Numbers out of the schema's bounds are made again by `constrained`.
  const lo = schema.minimum ?? 0;
  const span = Math.max(1, (schema.maximum ?? lo + 1000) - lo);
  if (kind === "integer") return lo + (hash(seed, id, i, key) % span);
  if (kind === "number") return lo + Math.round(unit(seed, id, i, key) * span * 100) / 100;
  if (kind === "boolean") return hash(seed, id, i, key) % 2 === 0;
  if (kind === "string") return typeof schema.example === "string" ? schema.example : `${key}-${i}`;
  return null;
}

/**
 * Item `i` of the synthetic dataset for `id`: computed from (seed, id, i) alone, so any page is
 * served without building the pages before it, and the server and MSW handlers agree.
 */
export function item(
  schema: Schema,
  at: { seed: string; id: string; i: number },
  echo: Record<string, string>,
  example?: Record<string, unknown>,
): object {
  if (at.i === 0 && example) {
    // The spec's example is item 0, as the vendor's docs show it, for the item asked for (where
    // the field's rules take the value asked for).
    const echoed = Object.keys(example).filter((k) => {
      const raw = schema.properties?.[k];
      return (
        echo[k] !== undefined &&
        typeof example[k] === "string" &&
        (!raw || echoFits(withChoice(resolveSchema(raw)), echo[k]!))
      );
    });
    return { ...example, ...Object.fromEntries(echoed.map((k) => [k, echo[k]])) };
  }
  return fields(schema, { ...at, depth: 0 }, { echo, prefix: "", example });
}

/** An object's properties: `echo`ed request values, names under `prefix`, the example's times. */
function fields(
  schema: Schema,
  at: At,
  {
    echo = {},
    prefix,
    example,
    onlyRequired = false,
  }: {
    echo?: Record<string, string>;
    prefix: string;
    example?: Record<string, unknown>;
    onlyRequired?: boolean;
  },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A name the schema requires but does not describe: present, as any value may be.
  for (const name of schema.required ?? [])
    if (!Object.hasOwn(schema.properties ?? {}, name)) defineField(out, name, null);
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    if (onlyRequired && !schema.required?.includes(name)) continue;
    // A property named like a request parameter echoes it (the product asked for), when its
    // type is text: the echo comes from the query string. `field` resolves the schema itself.
    const schemaOf = echo[name] !== undefined ? withChoice(resolveSchema(raw)) : undefined;
    const echoed =
      schemaOf && kindOf(schemaOf) === "string" && echoFits(schemaOf, echo[name]!)
        ? echo[name]
        : undefined;
    const hint = schema["x-sdk-mock"]?.[name];
    defineField(
      out,
      name,
      echoed ?? field(prefix + name, raw, at, { newest: example?.[name], hint }),
    );
  }
  return out;
}

/** An echo is kept only where the property would take it: in its enum, and meeting its rules. */
const echoFits = (schema: Schema, value: string) =>
  (!("const" in schema) || schema.const === value) &&
  (!Array.isArray(schema.enum) || schema.enum.includes(value)) &&
  fits(schema, value);

/** How many items the dataset for `id` holds: 20 to 500, stable per seed and id. */
export function defaultDatasetSize(seed: string, id: string): number {
  return 20 + (hash(seed, id, "size") % 481);
}
