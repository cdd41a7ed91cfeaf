import { coerceParam, type OperationSpec } from "@keyapi-tiktok/types";

/**
 * Checks a request against the operation's parameters; returns the vendor-style 400 message
 * naming the first bad parameter, or the typed values.
 */
export function readParams(
  op: OperationSpec,
  query: URLSearchParams,
  pathParams: Record<string, string>,
): { error: string } | { values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  for (const p of op.params) {
    const raw =
      p.in === "query" ? query.get(p.name) : p.in === "path" ? pathParams[p.name] : undefined;
    if (raw === null || raw === undefined || raw === "") {
      if (p.required) return { error: `Missing required parameter: ${p.name}` };
      continue;
    }
    const value = coerceParam(raw, p.schema.type);
    const problem = p.check(value);
    if (problem) return { error: `Invalid parameter: ${p.name} (${problem}, got ${raw})` };
    values[p.name] = value;
  }
  return { values };
}
