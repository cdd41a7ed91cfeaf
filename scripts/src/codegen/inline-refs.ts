import { resolveRef, type Json } from "./openapi-model.js";

/**
 * Inlines local `$ref`s so each response schema stands alone for Ajv. A `$ref` met again inside
 * itself (a recursive schema: a tree, a thread of replies) is not followed: below its first
 * level anything is accepted, and the generator says so once.
 */
export function inline(
  doc: Json,
  schema: unknown,
  warn: (m: string) => void,
  stack: string[] = [],
): unknown {
  const ref = (schema as { $ref?: unknown } | null)?.$ref;
  if (typeof ref === "string" && stack.includes(ref)) {
    warn(`recursive $ref ${ref}: checked to its first level only`);
    return {};
  }
  const inner = typeof ref === "string" ? [...stack, ref] : stack;
  const resolved = resolveRef(doc, schema);
  if (Array.isArray(resolved)) return resolved.map((s) => inline(doc, s, warn, inner));
  if (!resolved || typeof resolved !== "object") return resolved;
  const out: Json = {};
  for (const [k, v] of Object.entries(resolved)) {
    // `example` values are data, not schema: never walk them as schemas.
    out[k] =
      k === "example" || k === "examples" || k === "enum" || k === "const"
        ? v
        : inline(doc, v, warn, inner);
  }
  return out;
}
