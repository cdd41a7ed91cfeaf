import { Ajv } from "ajv";
import { createRequire } from "node:module";
import { resolveRef, type Json } from "./openapi-model.js";
import type { TableEntry } from "./emit-operations.js";

// ajv's standalone entry is CommonJS (module.exports = fn): require() avoids default-import interop.
const standaloneCode: typeof import("ajv/dist/standalone/index.js").default = createRequire(
  import.meta.url,
)("ajv/dist/standalone");

/** Inlines local `$ref`s so each response schema stands alone for Ajv. */
function inline(doc: Json, schema: unknown, depth = 0): unknown {
  if (depth > 64) throw new Error("schema nesting deeper than 64 (a recursive $ref?)");
  const resolved = resolveRef(doc, schema);
  if (Array.isArray(resolved)) return resolved.map((s) => inline(doc, s, depth + 1));
  if (!resolved || typeof resolved !== "object") return resolved;
  const out: Json = {};
  for (const [k, v] of Object.entries(resolved)) {
    // `example` values are data, not schema: never walk them as schemas.
    out[k] =
      k === "example" || k === "examples" || k === "enum" || k === "const"
        ? v
        : inline(doc, v, depth + 1);
  }
  return out;
}

/**
 * Ajv standalone validators for every JSON response of every operation, compiled here so the
 * client never compiles a schema at run time. Keyed `"<METHOD> <path> <status>"`.
 */
export function emitValidators(doc: Json, entries: TableEntry[]): string {
  // OpenAPI 3.0 schemas: `nullable` is understood by Ajv; `example` and the like are annotations.
  const ajv = new Ajv({
    code: { source: true, esm: true },
    strict: false,
    validateSchema: false,
    allErrors: false,
  });
  const names: Record<string, string> = {};
  const idBySchema = new Map<string, string>();
  const rows: string[] = [];
  for (const { op } of entries) {
    for (const [status, raw] of Object.entries((op.operation.responses ?? {}) as Json)) {
      const content = (resolveRef(doc, raw) as Json).content as Json | undefined;
      const type = Object.keys(content ?? {}).find((t) => /json/i.test(t));
      const schema = type && (content![type] as Json).schema;
      if (!schema) continue;
      // Identical schemas (every ErrorEnvelope response) share one compiled function.
      const text = JSON.stringify(inline(doc, schema));
      let id = idBySchema.get(text);
      if (!id) {
        id = `v${idBySchema.size}`;
        idBySchema.set(text, id);
        ajv.addSchema(JSON.parse(text) as object, id);
        names[id] = id;
      }
      rows.push(`  ${JSON.stringify(`${op.method.toUpperCase()} ${op.path} ${status}`)}: ${id},`);
    }
  }
  const code = rows.length ? standaloneCode(ajv, names) : "";
  const table = rows.join("\n");
  return [
    "// @ts-nocheck: Ajv standalone output is plain JavaScript.",
    code,
    "",
    "/** Response validators (Ajv standalone), keyed `<METHOD> <path> <status>`. */",
    `export const responseValidators = {\n${table}\n};`,
    "",
  ].join("\n");
}
