import { bodyParam, coerceParam, type OperationSpec } from "@keyapi-tiktok/types";
import { defineField } from "./define-field.js";

/**
 * Checks a request against the operation's parameters; returns the vendor-style 400 message
 * naming the first bad parameter, or the typed values.
 */
export function readParams(
  op: OperationSpec,
  query: URLSearchParams,
  pathParams: Record<string, string>,
  body?: unknown,
): { error: string } | { values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  for (const p of op.params) {
    if (p.in === "body") {
      // JSON fields are typed already: checked as they came, read and named as the client's
      // checks read and name them.
      const { value, label } = bodyParam(p, body);
      if (value === undefined) {
        // A field of an optional body is required once a body is sent, as the vendor reads it.
        if (p.required && !(p.whenSent && body === undefined))
          return { error: `Missing required parameter: ${label}` };
        continue;
      }
      const problem = p.check(value);
      if (problem) return { error: `Invalid parameter: ${label} (${problem})` };
      defineField(values, p.name, value);
      continue;
    }
    const raw =
      p.in === "query" ? query.get(p.name) : p.in === "path" ? pathParams[p.name] : undefined;
    if (raw === null || raw === undefined || raw === "") {
      if (p.required) return { error: `Missing required parameter: ${p.name}` };
      continue;
    }
    const value = coerceParam(raw, p.schema.type);
    const problem = p.check(value);
    if (problem) return { error: `Invalid parameter: ${p.name} (${problem}, got ${raw})` };
    defineField(values, p.name, value);
  }
  return { values };
}

/** A request body's JSON: undefined when empty, the SyntaxError when it is not JSON. */
export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    return error as SyntaxError;
  }
}
