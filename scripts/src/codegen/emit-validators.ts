// The key of the validators table is the one every package builds: one function for it.
import { operationKey } from "../../../packages/types/src/spec-paths.js";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { createRequire } from "node:module";
import { inline } from "./inline-refs.js";
import { resolveRef, type Json } from "./openapi-model.js";
import type { TableEntry } from "./emit-operations.js";
import { toJsonSchema } from "./schema-dialect.js";

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
  // Each dialect its own: 3.0 schemas are rewritten to draft-07 (nullable, boolean exclusives),
  // 3.1 schemas are JSON Schema 2020-12. Unknown keywords (`example`, `discriminator`, vendor
  // extensions) are annotations; formats are not checked (no format library in the bundle).
  const openapi30 = String(doc.openapi ?? "").startsWith("3.0");
  const options = {
    code: { source: true, esm: true },
    strict: false,
    validateSchema: false,
    validateFormats: false,
    allErrors: false,
    logger: false as const,
  };
  const ajv = openapi30 ? new Ajv(options) : new Ajv2020(options);
  const warned = new Set<string>();
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
      const warn = (message: string) => {
        if (!warned.has(message)) onWarning(`${where}: ${message}`);
        warned.add(message);
      };
      // Identical schemas (every ErrorEnvelope response) share one compiled function.
      const text = JSON.stringify(toJsonSchema(inline(doc, schema, warn), openapi30));
      let id = idBySchema.get(text);
      if (!id) {
        id = `v${idBySchema.size}`;
        try {
          // Compiled here, so that a schema Ajv cannot take is skipped with a warning, never fatal.
          ajv.compile({ ...(JSON.parse(text) as object), $id: id });
        } catch (error) {
          ajv.removeSchema(id);
          warn(`response not validated: ${(error as Error).message.split("\n")[0]}`);
          continue;
        }
        idBySchema.set(text, id);
        names[id] = id;
      }
      rows.push(`  ${JSON.stringify(`${operationKey(op.method, op.path)} ${status}`)}: ${id},`);
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
