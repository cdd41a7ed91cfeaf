import { keyOfToken } from "../json-pointer.js";

/** The slice of an OpenAPI 3.0/3.1 document the table and alias emitters read. */
export type Json = Record<string, unknown>;

export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface OperationRef {
  path: string;
  method: HttpMethod;
  operation: Json;
  /** Path-level parameters, which apply to every operation of the path. */
  pathParameters: unknown[];
}

/** Follows local `$ref`s (`#/components/...`); remote refs are out of scope for a bundled spec. */
export function resolveRef(doc: Json, value: unknown, seen = new Set<string>()): unknown {
  if (!value || typeof value !== "object" || !("$ref" in value)) return value;
  const ref = (value as { $ref: unknown }).$ref;
  // A property *named* `$ref` (GitHub's git references have one) is not a reference.
  if (typeof ref !== "string") return value;
  if (!ref.startsWith("#/")) {
    throw new Error(
      `unsupported $ref ${JSON.stringify(ref)}: bundle the spec into one document first`,
    );
  }
  if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
  seen.add(ref);
  let target: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = keyOfToken(raw);
    target = (target as Json | undefined)?.[key];
  }
  if (target === undefined) throw new Error(`$ref ${ref} points at nothing`);
  return resolveRef(doc, target, seen);
}

/** Every operation, in the spec's path order and the fixed method order. */
export function listOperations(doc: Json): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, rawItem] of Object.entries((doc.paths ?? {}) as Json)) {
    const item = resolveRef(doc, rawItem) as Json;
    const pathParameters = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation && typeof operation === "object") {
        out.push({ path, method, operation: operation as Json, pathParameters });
      }
    }
  }
  return out;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
  description?: string;
}

/** Operation parameters override path-level ones with the same name and location. */
export function effectiveParameters(doc: Json, op: OperationRef): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const raw of [...op.pathParameters, ...((op.operation.parameters as unknown[]) ?? [])]) {
    const p = resolveRef(doc, raw) as Parameter;
    byKey.set(`${p.in}:${p.name}`, p);
  }
  return [...byKey.values()];
}
