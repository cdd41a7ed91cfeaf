import type { OperationSpec, ParamSpec, SchemaSpec } from "@keyapi-tiktok/types";
import type { ParamIssue } from "../errors.js";

type Params = Partial<Record<ParamSpec["in"], Record<string, unknown> | undefined>>;

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

type Limit = number | undefined;
// [keyword, applies to, broken when, message]: one row per bound keeps the checks uniform.
const BOUNDS: [
  keyof SchemaSpec,
  string,
  (v: number, limit: number, s: SchemaSpec) => boolean,
  string,
][] = [
  ["minimum", "number", (v, l, s) => (s.exclusiveMinimum === true ? v <= l : v < l), "≥"],
  ["maximum", "number", (v, l, s) => (s.exclusiveMaximum === true ? v >= l : v > l), "≤"],
  ["exclusiveMinimum", "number", (v, l) => v <= l, ">"],
  ["exclusiveMaximum", "number", (v, l) => v >= l, "<"],
  ["minLength", "string", (v, l) => v < l, "length ≥"],
  ["maxLength", "string", (v, l) => v > l, "length ≤"],
  ["minItems", "array", (v, l) => v < l, "items ≥"],
  ["maxItems", "array", (v, l) => v > l, "items ≤"],
];

/** The first way `value` breaks `schema`, or undefined. Covers the keywords the table keeps. */
export function checkValue(value: unknown, s: SchemaSpec): string | undefined {
  if (value === null && s.nullable) return undefined;
  const types = s.type === undefined ? [] : typeof s.type === "string" ? [s.type] : s.type;
  const kind = typeOf(value);
  if (types.length && !types.some((t) => matchesType(value, t))) {
    return `expected ${types.join(" or ")}, got ${kind} ${JSON.stringify(value)}`;
  }
  if (s.enum && !s.enum.includes(value)) return `must be one of ${JSON.stringify(s.enum)}`;
  const measure = typeof value === "number" ? value : (value as { length?: number })?.length;
  for (const [keyword, appliesTo, broken, op] of BOUNDS) {
    const limit = s[keyword] as Limit | boolean;
    if (typeof limit === "number" && kind === appliesTo && broken(measure!, limit, s)) {
      return `must be ${op} ${limit}, got ${measure}`;
    }
  }
  if (
    typeof value === "string" &&
    s.pattern !== undefined &&
    !new RegExp(s.pattern, "u").test(value)
  ) {
    return `must match /${s.pattern}/`;
  }
  if (Array.isArray(value) && s.items) {
    for (const [i, item] of value.entries()) {
      const problem = checkValue(item, s.items);
      if (problem) return `item ${i}: ${problem}`;
    }
  }
  return undefined;
}

/**
 * Checks call parameters against the generated table (no spec parsing at run time): missing
 * required, unknown, wrongly typed or out-of-bounds parameters are all reported, by name.
 */
export function validateParams(op: OperationSpec, params: Params | undefined): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const spec of op.params) {
    const value = params?.[spec.in]?.[spec.name];
    if (value === undefined) {
      if (spec.required)
        issues.push({ param: spec.name, message: `required ${spec.in} parameter is missing` });
      continue;
    }
    const problem = checkValue(value, spec.schema);
    if (problem) issues.push({ param: spec.name, message: problem });
  }
  for (const where of ["query", "path"] as const) {
    for (const [name, value] of Object.entries(params?.[where] ?? {})) {
      if (value !== undefined && !op.params.some((p) => p.in === where && p.name === name)) {
        const known = op.params.filter((p) => p.in === where).map((p) => p.name);
        issues.push({
          param: name,
          message: `not a ${where} parameter of this operation (known: ${known.join(", ") || "none"})`,
        });
      }
    }
  }
  return issues;
}
