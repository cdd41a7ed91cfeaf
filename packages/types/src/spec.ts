/**
 * The effective spec (vendored spec + overlays) the types were generated from, for mock
 * servers and contract tests (`@keyapi-tiktok/types/spec`).
 *
 * @packageDocumentation
 */
import spec from "./generated/effective-spec.json" with { type: "json" };

/** A minimal view of an OpenAPI document; walk it as plain JSON. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export const effectiveSpec: OpenApiDocument = spec as unknown as OpenApiDocument;

/** A schema object as `deref` sees it: anything, with maybe a local `$ref`. */
export interface SchemaRef {
  $ref?: string;
}

/**
 * Follows local `$ref`s (`#/components/schemas/…`, JSON Pointer escapes decoded) in `doc`, the
 * effective spec by default, until a schema without one; `{}` for a ref that points at nothing.
 * Lenient by design (mock data, CLI columns): the generator's own resolver refuses bad refs at
 * build time, so none reaches here. A chain longer than 32 stops (a cycle).
 */
export function deref<S extends object>(schema: S | undefined, doc: unknown = effectiveSpec): S {
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
 * A schema as one object: local `$ref`s followed (as {@link deref}) and `allOf`'s members merged
 * into it, the schema's own keywords first, then each member's in order: `properties` and
 * `required` joined (a property, a list's items or the extra fields two members state held to
 * both), the tighter of two bounds, the values two enums share, two members' `oneOf`s (or
 * `anyOf`s) as one of pairs, any other keyword the last one's. What the mock, the CLI's columns and its
 * drift check read (the vendor composes item schemas with `allOf`: an item read through `deref`
 * alone had no properties). `oneOf`/`anyOf` are left for the caller to choose from.
 */
export function resolveSchema<S extends object>(
  schema: S | undefined,
  doc: unknown = effectiveSpec,
): S {
  return merged(schema, doc) as S;
}

function merged(schema: object | undefined, doc: unknown): object {
  const s = deref(schema, doc) as { allOf?: unknown };
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
  for (const part of [s, ...s.allOf.map((m) => merged(m as object, doc))]) {
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

const LOWER = new Set(["minimum", "minLength", "minItems", "minProperties"]);
const UPPER = new Set(["maximum", "maxLength", "maxItems", "maxProperties"]);

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
    const shared = new Set(later.map((v) => JSON.stringify(v)));
    return earlier.filter((v) => shared.has(JSON.stringify(v)));
  }
  // One alternative of each, together: exact for `anyOf`, and for `oneOf` too (exactly one pair
  // fits when exactly one of each does).
  // Past 1,000 pairs (members of many alternatives each) the later list stands, as a merge that
  // multiplies on would run a reader out of memory.
  if (
    (key === "oneOf" || key === "anyOf") &&
    Array.isArray(earlier) &&
    Array.isArray(later) &&
    earlier.length * later.length <= 1000
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

function memoOf(doc: object): WeakMap<object, object> {
  let memo = mergedOf.get(doc);
  if (!memo) mergedOf.set(doc, (memo = new WeakMap()));
  return memo;
}

/**
 * The schema at a dotted path (`data.list`) of an envelope's schema, following `properties`,
 * local `$ref`s and `allOf` ({@link resolveSchema}); `{}` where the path breaks off.
 */
export function schemaAt<S extends { properties?: Record<string, unknown> }>(
  envelope: S | undefined,
  dotted: string,
  doc: unknown = effectiveSpec,
): S {
  let s = resolveSchema(envelope, doc);
  for (const key of dotted.split(".")) s = resolveSchema(s.properties?.[key] as S | undefined, doc);
  return s;
}

/**
 * An operation's success answer as every package reads it: its first documented 2xx response
 * with a JSON body (`application/json`, or another JSON media type), the body's schema
 * resolved ({@link resolveSchema}); undefined when the spec documents none.
 */
export function successResponse<S extends object = Record<string, unknown>>(
  path: string,
  method: string,
  doc: OpenApiDocument = effectiveSpec,
): { status: string; schema: S } | undefined {
  const op = doc.paths[path]?.[method.toLowerCase()] as
    { responses?: Record<string, { content?: Record<string, { schema?: S }> }> } | undefined;
  for (const [status, response] of Object.entries(op?.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const content = response?.content ?? {};
    const type = Object.keys(content).find((t) => /json/i.test(t));
    if (type) return { status, schema: resolveSchema(content[type]!.schema, doc) };
  }
  return undefined;
}
