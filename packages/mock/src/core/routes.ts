import { getAt, operationTable, type OperationSpec } from "@keyapi-tiktok/types";
import { deref, schemaAt, successResponse } from "@keyapi-tiktok/types/spec";
import type { Schema } from "./synth.js";

export interface Route {
  template: string;
  method: string;
  op: OperationSpec;
  /** The 200 JSON body's schema, resolved once here rather than on every request. */
  body: Schema;
  /** For paginated operations: the schema of one item of the page. */
  item: Schema | undefined;
  /** For paginated operations: the first item of the spec's example, served as item 0. */
  exampleItem: object | undefined;
  match(path: string): Record<string, string> | undefined;
}

const bodySchema = (template: string, method: string): Schema =>
  successResponse<Schema>(template, method)?.schema ?? {};

/** Every operation of the generated table, as a matcher (templated segments capture). */
export const routes: Route[] = Object.entries(
  operationTable as Record<string, Partial<Record<string, OperationSpec>>>,
).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const names: string[] = [];
    const source = template
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
    const re = new RegExp(`^${source}$`);
    const body = bodySchema(template, method);
    const itemsPath = op!.pagination?.itemsPath;
    return {
      template,
      method: method.toUpperCase(),
      op: op!,
      body,
      item: itemsPath ? itemSchemaAt(body, itemsPath) : undefined,
      exampleItem: itemsPath ? exampleItemAt(body, itemsPath) : undefined,
      match(path: string) {
        const m = re.exec(path);
        return m
          ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]))
          : undefined;
      },
    };
  }),
);

/** The schema of one item of the array at a dotted path of the envelope (`data.list`). */
function itemSchemaAt(envelope: Schema, dotted: string): Schema {
  return deref(schemaAt(envelope, dotted).items);
}

/** The first item of the list at a dotted path of the envelope's example, if it has one. */
function exampleItemAt(envelope: Schema, dotted: string): object | undefined {
  const list = getAt(envelope.example, dotted);
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  return first && typeof first === "object" ? first : undefined;
}
