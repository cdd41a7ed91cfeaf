import { isDataKey, placeIn, type Place } from "../docs-site/document-shape.js";
import { keyOfToken } from "../json-pointer.js";
import type { Json } from "./openapi-model.js";

/**
 * Keywords that name a schema or its dialect. Ajv writes a schema's `$id` into the generated
 * code, inside a comment (`*\/` in a vendor's id would end it); and it gathers every id and
 * anchor it meets, in examples and unknown keywords too, refusing two alike. Ours are the only
 * ids.
 */
const IDS = new Set(["$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$schema"]);

/** JSON Schema's own maps of names: a key `$id` there names a property, not the schema. */
const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);

/** How the schemas a `$ref` reaches are named for Ajv: one id a pointer. */
export type IdOf = (ref: string) => string;

/**
 * The schema as Ajv reads it. Its local `$ref`s name the schema they point at by id (added to Ajv
 * as written where it sits in the document, so a pointer into any schema reaches it however this
 * rewrites the one that holds it). In 3.0 a `$ref`'s siblings are ignored (2020-12, 3.1's
 * dialect, applies them). Ids, anchors, examples and `x-` extensions are left out, at any depth:
 * they check nothing. A discriminated `oneOf` is read as its tag says (see `tagged`).
 */
export function forAjv(schema: unknown, openapi30: boolean, at: Place, idOf: IdOf): unknown {
  if (Array.isArray(schema)) return schema.map((s) => forAjv(s, openapi30, at, idOf));
  if (!schema || typeof schema !== "object") return schema;
  const { $ref: ref } = schema as Json;
  const isRef = !at.names && typeof ref === "string" && ref.startsWith("#/");
  if (openapi30 && isRef) return { $ref: idOf(ref) };
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (IDS.has(k) && !(at.names && SCHEMA_MAPS.has(at.key))) continue;
    if (!at.names && (k === "example" || k === "examples" || k.startsWith("x-"))) continue;
    out[k] =
      k === "$ref" && isRef
        ? idOf(ref)
        : isDataKey(k, v, at)
          ? v
          : forAjv(v, openapi30, placeIn(at, k), idOf);
  }
  return at.names ? out : tagged(out, schema as Json);
}

/**
 * A `oneOf` with a `discriminator`, read as the tag says: the body is one of the alternatives,
 * and an alternative given by `$ref` needs its tag, one of the `mapping`'s keys that name it,
 * else its component's name. Alternatives that look alike are no error, as the tag picks one
 * (Ajv's own `discriminator` refuses a `mapping` or untagged alternatives, and lets non-objects
 * through). An `anyOf` beside it still applies.
 */
function tagged(out: Json, written: Json): Json {
  const { discriminator: d, oneOf } = written as { discriminator?: Json; oneOf?: unknown };
  const tag = d?.propertyName;
  if (typeof tag !== "string" || !Array.isArray(oneOf) || !Array.isArray(out.oneOf)) return out;
  const mapping = Object.entries((d!.mapping ?? {}) as Json);
  const alternatives = (out.oneOf as unknown[]).map((alternative, i) => {
    const ref = (oneOf[i] as Json | null)?.$ref;
    if (typeof ref !== "string") return alternative;
    const name = nameOf(ref) ?? ref;
    // A mapping value is a component's name or a `$ref` to it, spelled as the vendor likes.
    const named = mapping.filter(([, to]) => typeof to === "string" && (nameOf(to) ?? to) === name);
    const tags = named.length ? named.map(([k]) => k) : [name];
    const isTagged = { required: [tag], properties: { [tag]: { enum: tags } } };
    return { allOf: [alternative, isTagged] };
  });
  const { oneOf: _, ...rest } = out;
  if (rest.anyOf)
    return { ...rest, allOf: [...((rest.allOf as []) ?? []), { anyOf: alternatives }] };
  return { ...rest, anyOf: alternatives };
}

/** A component's name from its `$ref` (`#/components/schemas/C%61t` → `Cat`). */
function nameOf(ref: string): string | undefined {
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  try {
    return m ? keyOfToken(m[1]!) : undefined;
  } catch {
    return undefined;
  }
}
