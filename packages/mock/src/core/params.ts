import { checkValue, type OperationSpec } from "@keyapi-tiktok/types";

/** Reads a query or path string as the schema's type, the way a server framework would. */
function coerce(raw: string, type: string | readonly string[] | undefined): unknown {
  const t = [type].flat()[0];
  if (t === "integer" || t === "number")
    return raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  if (t === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

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
    const value = coerce(raw, p.schema.type);
    const problem = checkValue(value, p.schema);
    if (problem) return { error: `Invalid parameter: ${p.name} (${problem})` };
    values[p.name] = value;
  }
  return { values };
}
