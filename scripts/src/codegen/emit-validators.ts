// The key of the validators table is the one every package builds: one function for it.
import { operationKey } from "../../../packages/types/src/spec-paths.js";
import { createRequire } from "node:module";
import { documentAjv, ownCodeOnly } from "./document-ajv.js";
import { pointedAt } from "../json-pointer.js";
import { resolveRef, type Json } from "./openapi-model.js";
import type { TableEntry } from "./emit-operations.js";

// ajv's standalone entry is CommonJS (module.exports = fn): require() avoids default-import interop.
const standaloneCode: typeof import("ajv/dist/standalone/index.js").default = createRequire(
  import.meta.url,
)("ajv/dist/standalone");

/**
 * Ajv standalone validators for every JSON response of every operation, compiled here so the
 * client never compiles a schema at run time. Keyed `"<METHOD> <path> <status>"`.
 */
export function emitValidators(
  doc: Json,
  entries: TableEntry[],
  onWarning: (message: string) => void = () => {},
): string {
  // The document's dialect, its `$ref`s followed by Ajv (a recursive schema to any depth).
  const { ajv, prepare, shown } = documentAjv(doc, {
    code: { source: true, esm: true },
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
      const where = `${operationKey(op.method, op.path)} ${status}`;
      // Identical schemas (every ErrorEnvelope response) share one compiled function.
      let id: string | undefined;
      try {
        const text = JSON.stringify(prepare(ownTarget(doc, schema)));
        id = idBySchema.get(text);
        if (!id) {
          id = `v${idBySchema.size}`;
          // Compiled here, so that a schema Ajv cannot take is skipped with a warning, never fatal.
          ajv.compile({ ...(JSON.parse(text) as object), $id: id });
          idBySchema.set(text, id);
          names[id] = id;
        }
      } catch (error) {
        // Nested past the stack, or a keyword Ajv refuses: this response goes unchecked.
        if (id) ajv.removeSchema(id);
        // Each response said: one cause (a 300-component chain past the stack) may leave many.
        onWarning(
          `${where}: response not validated: ${shown(String((error as Error).message).split("\n")[0]!)}`,
        );
        continue;
      }
      rows.push(`  ${JSON.stringify(where)}: ${id},`);
    }
  }
  let code = "";
  try {
    code = rows.length ? standaloneCode(ajv, names) : "";
  } catch (error) {
    // Ajv writes the code of a deep chain of `$ref`s recursively: past the stack, none is written.
    onWarning(`no response validated: ${shown(String((error as Error).message))}`);
    rows.length = 0;
  }
  // Each function was checked as Ajv wrote it (`ownCodeOnly`); the module is checked whole.
  ownCodeOnly(code);
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

/**
 * A response schema that is only a `$ref` (3.0 ignores a `$ref`'s siblings) compiled as what it
 * points at: the same checks, without a wrapper schema and error paths through the document's id
 * in the bundle (the vendored spec's error responses: 80 B of the client's size budget).
 */
function ownTarget(doc: Json, schema: unknown): unknown {
  const ref = (schema as Json).$ref;
  const alone = String(doc.openapi).startsWith("3.0") || Object.keys(schema as Json).length === 1;
  return typeof ref === "string" && ref.startsWith("#/") && alone
    ? (pointedAt(doc, ref) ?? schema)
    : schema;
}
