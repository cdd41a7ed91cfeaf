import { operationTable, type OperationSpec, type SchemaSpec } from "@keyapi-tiktok/types";
import { effectiveSpec } from "@keyapi-tiktok/types/spec";
import type { KeyApiClient } from "@keyapi-tiktok/client";
import { cursorAt } from "../../src/core/page-slice.js";

/** One operation of whatever spec is vendored. */
export interface Operation {
  path: string;
  method: string;
  op: OperationSpec;
}

/** Every operation of the generated table. */
export const operations: Operation[] = Object.entries(
  operationTable as Record<string, Record<string, OperationSpec>>,
).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ path, method, op })),
);

/** A value the schema accepts: its first enum value, its minimum, or a plain value of its type. */
function sample(schema: SchemaSpec, name: string, variant: string | number): unknown {
  if (schema.enum?.length) return schema.enum[0];
  const type = [schema.type].flat()[0];
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return [sample(schema.items ?? {}, name, variant)];
  return `${name}-${variant}`;
}

/** A valid request for any operation: every required parameter, the page asked for, a body. */
export function validRequest(
  { path, op }: Operation,
  { variant = 1, page = 1, size }: { variant?: string | number; page?: number; size?: number } = {},
) {
  const query: Record<string, unknown> = {};
  const pathParams: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  const p = op.pagination;
  for (const param of op.params) {
    let value: unknown;
    const pageSize = size ?? p?.maxPageSize ?? 10;
    if (p?.style === "page" && param.name === p.pageParam) value = page;
    else if (p?.style === "cursor" && param.name === p.cursorParam)
      // Page N of a cursor walk: the position the mock hands back after N − 1 pages.
      value = cursorAt(op, p, (page - 1) * pageSize);
    else if (p && param.name === p.sizeParam) value = pageSize;
    else if (param.required) value = sample(param.schema, param.name, variant);
    else continue;
    if (param.in === "path") pathParams[param.name] = String(value);
    else if (param.in === "body") body[param.name] = value;
    else query[param.name] = value;
  }
  const url =
    path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(pathParams[n]!)) +
    (Object.keys(query).length
      ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`
      : "");
  const hasBody = op.params.some((x) => x.in === "body");
  return { query, pathParams, body: hasBody ? body : undefined, url };
}

/** The first item of the list in the 200 example of a paged operation, if the spec has one. */
export function exampleItems({ path, method, op }: Operation): Record<string, unknown> | undefined {
  const example = (effectiveSpec.paths as any)[path]?.[method]?.responses?.["200"]?.content?.[
    "application/json"
  ]?.schema?.example;
  const list = op.pagination?.itemsPath.split(".").reduce<any>((node, key) => node?.[key], example);
  return Array.isArray(list) ? list[0] : undefined;
}

/** Sends `validRequest` of an operation through the client's openapi-fetch call style. */
export function sendValid(
  client: KeyApiClient,
  operation: Operation,
  options?: Parameters<typeof validRequest>[1],
) {
  const { query, pathParams, body } = validRequest(operation, options);
  return client.request(
    operation.method as "get",
    operation.path as never,
    {
      params: { query, path: pathParams },
      ...(body ? { body } : {}),
    } as never,
  ) as Promise<{ data?: unknown; error?: unknown; response: Response }>;
}
