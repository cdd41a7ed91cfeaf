// How a schema reads as one object: `$ref`s followed and `allOf` merged, in a document given by
// the caller. Free of the generated spec, so the generator reads request bodies with it too;
// `@keyapi-tiktok/types/spec` gives it the effective spec by default.

/** A schema object as `deref` sees it: anything, with maybe a local `$ref`. */
export interface SchemaRef {
  $ref?: string;
}

/**
 * Follows local `$ref`s (`#/components/schemas/…`, JSON Pointer escapes decoded) in `doc` until a
 * schema without one; `{}` for a ref that points at nothing.
 * Lenient by design (mock data, CLI columns): the generator's own resolver refuses bad refs at
 * build time, so none reaches here. A chain longer than 32 stops (a cycle).
 */
export function followRefs<S extends object>(schema: S | undefined, doc: unknown): S {
  let s = (schema ?? {}) as S & SchemaRef;
  for (let guard = 0; s.$ref && guard < 32; guard++) {
    s = (s.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (node, key) =>
          (node as Record<string, unknown> | undefined)?.[
            key.replace(/~1/g, "/").replace(/~0/g, "~")
          ],
        doc,
      ) ?? {}) as S & SchemaRef;
  }
  return s;
}

/**
 * Each document's schemas as merged, keyed by the schema object: the mock asks for the same item
 * schema per item, and `allOf` members that include each other would otherwise be merged again
 * along every path (four such schemas took 36 s).
 */
const mergedOf = new WeakMap<object, WeakMap<object, object>>();
/** A schema being merged: met again inside itself (a cycle), it stands for itself without `allOf`. */
const MERGING = {};

/**
 * A schema as one object: local `$ref`s followed (as {@link followRefs}) and `allOf`'s members
 * merged into it, the schema's own keywords first, then each member's in order: `properties` and
 * `required` joined (a property, a list's `items` or `additionalProperties` two members state held
 * to both), the tighter of two bounds, the values two enums share, the types both allow, a
 * multiple of two whole steps, `nullable` where both members that say allow it, two members'
 * `oneOf`s (or `anyOf`s) as one list of pairs (up to 64), any other keyword the last one's.
 * Memoised per document; a member that includes its parent stands for itself without `allOf`.
 */
export function mergeSchema(schema: object | undefined, doc: unknown): object {
  const s = followRefs(schema, doc) as { allOf?: unknown };
  if (!Array.isArray(s.allOf)) return s;
  const memo = doc && typeof doc === "object" ? memoOf(doc) : new WeakMap<object, object>();
  const known = memo.get(s);
  if (known === MERGING) {
    const { allOf: _a, ...self } = s;
    return self;
  }
  if (known) return known;
  memo.set(s, MERGING);
  const out: Record<string, unknown> = {};
  for (const part of [s, ...s.allOf.map((m) => mergeSchema(m as object, doc))]) {
    // A member's example shows that member, not the whole: only the schema's own is kept.
    const { allOf: _a, properties, required, example, ...rest } = part as Record<string, unknown>;
    for (const [key, value] of Object.entries(rest)) out[key] = both(key, out[key], value);
    if (part === s && example !== undefined) out.example = example;
    if (properties && typeof properties === "object") {
      const joined = { ...(out.properties as Record<string, unknown>) };
      // A property two members state is held to both.
      for (const [name, p] of Object.entries(properties))
        joined[name] = Object.hasOwn(joined, name) ? { allOf: [joined[name], p] } : p;
      out.properties = joined;
    }
    if (Array.isArray(required))
      out.required = [...new Set([...((out.required as string[]) ?? []), ...required])];
  }
  memo.set(s, out);
  return out;
}

// `exclusiveMinimum`/`exclusiveMaximum` as 3.1's numbers (3.0's flags are the later member's).
const LOWER = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
const UPPER = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);
/**
 * The most combinations of `oneOf`/`anyOf` alternatives a reader of one place of a schema
 * considers: `allOf` members' alternatives are paired up to it, and the CLI's contract check tries
 * at most this many there. Past it, two members' alternatives are kept apart.
 */
export const MOST_CHOICES = 64;

/**
 * A keyword two members both state, as one: the tighter bound (`maxLength` 3 and 50 is 3), the
 * values two enums share, alternatives paired, two schemas of one place held to both; any other
 * keyword the later member's.
 */
function both(key: string, earlier: unknown, later: unknown): unknown {
  if (typeof earlier === "number" && typeof later === "number") {
    if (LOWER.has(key)) return Math.max(earlier, later);
    if (UPPER.has(key)) return Math.min(earlier, later);
  }
  if (key === "enum" && Array.isArray(earlier) && Array.isArray(later)) {
    const shared = new Set(later.map(canonical));
    return earlier.filter((v) => shared.has(canonical(v)));
  }
  // Both types hold: the ones each list allows (`integer` is a `number`); none shared, the later's.
  if (key === "type" && earlier !== undefined && later !== undefined) {
    const a = [earlier].flat() as string[];
    const b = [later].flat() as string[];
    const allows = (list: string[], t: string) =>
      list.includes(t) || (t === "integer" && list.includes("number"));
    const shared = [...new Set([...a, ...b])].filter((t) => allows(a, t) && allows(b, t));
    return shared.length === 0 ? later : shared.length === 1 ? shared[0] : shared;
  }
  // A multiple of both whole steps: their least common multiple.
  if (key === "multipleOf" && Number.isInteger(earlier) && Number.isInteger(later)) {
    const gcd = (x: number, y: number): number => (y ? gcd(y, x % y) : x);
    return ((earlier as number) * (later as number)) / gcd(earlier as number, later as number);
  }
  // Null only where both members that say allow it.
  if (key === "nullable" && earlier !== undefined) return earlier === true && later === true;
  // One alternative of each, together: exact for `anyOf`, and for `oneOf` too (exactly one pair
  // fits when exactly one of each does). Past 64 pairs (what the drift check tries in one place)
  // the later list stands: members of many alternatives each would multiply on.
  if (
    (key === "oneOf" || key === "anyOf") &&
    Array.isArray(earlier) &&
    Array.isArray(later) &&
    earlier.length * later.length <= MOST_CHOICES
  )
    return earlier.flatMap((a) => later.map((b) => ({ allOf: [a, b] })));
  // Two schemas for the same place (a list's items, the extra fields): held to both.
  if (
    (key === "items" || key === "additionalProperties") &&
    isSchema(earlier) &&
    isSchema(later) &&
    earlier !== later
  )
    return { allOf: [earlier, later] };
  return later;
}

const isSchema = (v: unknown): v is object => v !== null && typeof v === "object";

/** A value as JSON with its keys sorted: two enums' `{a, b}` and `{b, a}` are one value. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

function memoOf(doc: object): WeakMap<object, object> {
  let memo = mergedOf.get(doc);
  if (!memo) mergedOf.set(doc, (memo = new WeakMap()));
  return memo;
}
