import { isDataKey, placeIn, ROOT, type Place } from "../docs-site/document-shape.js";
import type { Json } from "./openapi-model.js";

const COMPOSED = ["allOf", "oneOf", "anyOf", "not"];

/**
 * Rewrites an OpenAPI 3.0 Schema Object into the JSON Schema (draft-07) Ajv checks: 3.0's
 * `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` are 3.0 dialect, not JSON
 * Schema. A 3.1 document is JSON Schema 2020-12 already and is left as it is.
 */
export function toJsonSchema(
  schema: unknown,
  openapi30: boolean,
  /** Where the schema sits, for `isDataKey`. */
  at: Place = ROOT,
): unknown {
  if (!openapi30) return schema;
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, true, at));
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    // Data is left as it is, but not a property or a component so named (`properties.default`).
    out[k] = isDataKey(k, v, at) ? v : toJsonSchema(v, true, placeIn(at, k));
  }
  // A map of names (a property named `nullable`) holds schemas, not keywords.
  if (at.names) return out;
  const nullable = out.nullable === true;
  delete out.nullable;
  for (const [ex, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (out[ex] === true && typeof out[bound] === "number") {
      out[ex] = out[bound];
      delete out[bound];
    } else if (typeof out[ex] === "boolean") delete out[ex];
  }
  if (!nullable) return out;
  // Null beside what composes the value (`allOf: [$ref]`, a `oneOf`), whose members would
  // refuse it: one more alternative. (A `$ref`'s siblings, `nullable` too, are ignored in 3.0.)
  if (COMPOSED.some((c) => c in out)) return { anyOf: [{ type: "null" }, out] };
  // Null joins a type and an enum's values; with neither, the schema already allows it.
  if (typeof out.type === "string") out.type = [out.type, "null"];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
