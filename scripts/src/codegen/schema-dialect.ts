import type { Json } from "./openapi-model.js";

/**
 * Rewrites an OpenAPI 3.0 Schema Object into the JSON Schema (draft-07) Ajv checks: 3.0's
 * `nullable` and boolean `exclusiveMinimum`/`exclusiveMaximum` are 3.0 dialect, not JSON
 * Schema. A 3.1 document is JSON Schema 2020-12 already and is left as it is.
 */
export function toJsonSchema(schema: unknown, openapi30: boolean): unknown {
  if (!openapi30) return schema;
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, true));
  if (!schema || typeof schema !== "object") return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] =
      k === "example" || k === "enum" || k === "default" || k === "const"
        ? v
        : toJsonSchema(v, true);
  }
  if (out.nullable === true) {
    // Without a type, nullable adds nothing: the schema already allows null.
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
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
  return out;
}
