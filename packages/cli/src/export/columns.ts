import { getAt } from "@keyapi-tiktok/types";
import { resolveSchema, schemaAt, successResponse } from "@keyapi-tiktok/types/spec";

type Schema = {
  type?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
};

/** The schema of one record: an item of the list at `itemsPath`, or `data` itself (an object). */
export function recordSchema(path: string, method: string, itemsPath: string | undefined): Schema {
  const envelope = successResponse<Schema>(path, method)?.schema;
  const at = schemaAt(envelope, itemsPath ?? "data");
  return at.type === "array" || at.items ? resolveSchema(at.items) : at;
}

/**
 * CSV and table columns from a record's schema, in the spec's order: nested objects flattened
 * (`category.name`), arrays kept as one column (written as JSON text).
 */
export function columnsOf(schema: Schema, prefix = "", depth = 0): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, raw]) => {
    const s = resolveSchema(raw);
    const nested = s.properties && s.type !== "array" && depth < 4;
    return nested ? columnsOf(s, `${prefix}${name}.`, depth + 1) : [`${prefix}${name}`];
  });
}

/** A record as the flat row CSV and the table write: `a.b` columns, arrays and objects as JSON. */
export function flatten(record: unknown, columns: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of columns) {
    const value = getAt(record, column);
    row[column] = value !== null && typeof value === "object" ? JSON.stringify(value) : value;
  }
  return row;
}
