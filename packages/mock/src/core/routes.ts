import { getAt, operationTable, type OperationSpec } from "@keyapi-tiktok/types";
import { resolveSchema, schemaAt, successResponse } from "@keyapi-tiktok/types/spec";
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

/** A segment's value as sent, decoded; undefined when its percent-encoding is broken (`%E0%A4%A`). */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * A path template's matcher: the values of its `{templated}` segments, decoded, for a path of its
 * shape. A segment that is not percent-encoding matches nothing: a 404, never a crash.
 */
export function matcher(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
    .replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
  const re = new RegExp(`^${source}$`);
  return (path) => {
    const m = re.exec(path);
    const values = m && names.map((_, i) => decoded(m[i + 1]!));
    return values && values.every((v) => v !== undefined)
      ? Object.fromEntries(names.map((n, i) => [n, values[i]!]))
      : undefined;
  };
}

/**
 * OpenAPI's rule: a concrete path is matched before a templated one of the same shape, whatever
 * the spec's order (`/{a}/reviews` listed first took every request for `/product/reviews`).
 * Shorter paths first (two lengths never match one path, but a comparator must order them), then
 * the first segment where one route is literal and the other a template; else spec order.
 */
export function concreteFirst(a: { template: string }, b: { template: string }): number {
  const [x, y] = [a.template.split("/"), b.template.split("/")];
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) {
    const [tx, ty] = [x[i]!.startsWith("{"), y[i]!.startsWith("{")];
    if (tx !== ty) return tx ? 1 : -1;
  }
  return 0;
}

/** Every operation of the generated table, as a matcher (templated segments capture). */
export const routes: Route[] = Object.entries(
  operationTable as Record<string, Partial<Record<string, OperationSpec>>>,
)
  .flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const body = bodySchema(template, method);
      const itemsPath = op!.pagination?.itemsPath;
      return {
        template,
        method: method.toUpperCase(),
        op: op!,
        body,
        item: itemsPath ? itemSchemaAt(body, itemsPath) : undefined,
        exampleItem: itemsPath ? exampleItemAt(body, itemsPath) : undefined,
        match: matcher(template),
      };
    }),
  )
  .sort(concreteFirst);

/** The schema of one item of the array at a dotted path of the envelope (`data.list`). */
function itemSchemaAt(envelope: Schema, dotted: string): Schema {
  return resolveSchema(schemaAt(envelope, dotted).items);
}

/** The first item of the list at a dotted path of the envelope's example, if it has one. */
function exampleItemAt(envelope: Schema, dotted: string): object | undefined {
  const list = getAt(envelope.example, dotted);
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  return first && typeof first === "object" ? first : undefined;
}
