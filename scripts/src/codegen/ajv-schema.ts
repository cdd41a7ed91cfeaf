import { isDataKey, placeIn, type Place } from "../docs-site/document-shape.js";
import type { Json } from "./openapi-model.js";

/**
 * Keywords that name a schema or its dialect. Ajv writes a schema's `$id` into the generated
 * code, inside a comment (`*\/` in a vendor's id would end it); and it gathers every id and
 * anchor it meets, in examples and unknown keywords too, refusing two alike. Ours are the only
 * ids.
 */
const IDS = new Set(["$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$schema"]);

/**
 * The maps of names Ajv's walk for ids (json-schema-traverse) reads as maps: a key `$id` there
 * names a property. It reads any other key's object, `dependentSchemas` too, as a schema.
 */
const SCHEMA_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependencies",
]);

/** How the schemas a `$ref` reaches are named for Ajv: one id a pointer. */
export type IdOf = (ref: string) => string;

/**
 * The schema as Ajv reads it. Its local `$ref`s name the schema they point at by id (added to Ajv
 * as written where it sits in the document, so a pointer into any schema reaches it however this
 * rewrites the one that holds it). In 3.0 a `$ref`'s siblings are ignored (2020-12, 3.1's
 * dialect, applies them). Ids, anchors, examples and `x-` extensions are left out, at any depth:
 * they check nothing. A `discriminator` is an annotation: it "MUST NOT change the validation
 * outcome" (OpenAPI 3.0.4), so a body two alternatives of a `oneOf` take is refused.
 */
export function forAjv(schema: unknown, openapi30: boolean, at: Place, idOf: IdOf): unknown {
  if (Array.isArray(schema)) return schema.map((s) => forAjv(s, openapi30, at, idOf));
  if (!schema || typeof schema !== "object") return schema;
  const { $ref: ref } = schema as Json;
  if (!at.names) refuseUnfollowed(schema as Json);
  const isRef = !at.names && typeof ref === "string";
  if (openapi30 && isRef) return { $ref: idOf(ref) };
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (IDS.has(k) && !(at.names && SCHEMA_MAPS.has(at.key))) continue;
    if (!at.names && (k === "example" || k === "examples" || k.startsWith("x-"))) continue;
    // 3.1 has no `nullable`: Ajv's own keyword refuses one without a `type` (a `$ref`'s sibling
    // in a spec moved from 3.0), and the whole response went unchecked.
    if (!openapi30 && !at.names && k === "nullable" && !("type" in schema)) continue;
    out[k] =
      k === "$ref" && isRef
        ? idOf(ref)
        : isDataKey(k, v, at)
          ? v
          : forAjv(v, openapi30, placeIn(at, k), idOf);
  }
  return out;
}

/**
 * Refuses what Ajv would follow otherwise than the spec means: a `$ref` to `#` (the whole
 * document) or to an anchor Ajv resolves in the schema itself, and 2020-12's dynamic references,
 * which read a scope a spec does not set up (`$dynamicRef: "#"` checked itself forever).
 */
function refuseUnfollowed(schema: Json): void {
  const ref = schema.$ref;
  if (typeof ref === "string" && !ref.startsWith("#/"))
    throw new Error(`a $ref the validators do not follow: ${ref}`);
  for (const k of ["$dynamicRef", "$recursiveRef"])
    if (k in schema) throw new Error(`${k} is not followed by the validators`);
}
