import type { OperationSpec, ParamSpec, SchemaSpec } from "./generated/operations.js";
/** One problem with one parameter. */
export interface ParamIssue {
  param: string;
  message: string;
}

type Params = Partial<Record<ParamSpec["in"], Record<string, unknown> | undefined>>;

/**
 * Reads a parameter's text (a query string, a command-line `key=value`) as its schema's type,
 * the way a server framework would; text that does not parse stays text, so the checks below
 * report it by name instead of it turning into NaN.
 */
export function coerceParam(raw: string, type: SchemaSpec["type"]): unknown {
  const t = [type].flat()[0];
  if (t === "integer" || t === "number") {
    return raw.trim() !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  if (t === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

function matchesType(value: unknown, type: string): boolean {
  return type === "integer"
    ? Number.isInteger(value)
    : type === "number"
      ? Number.isFinite(value)
      : type === "array"
        ? Array.isArray(value)
        : type === "null"
          ? value === null
          : typeof value === type;
}

/**
 * The first way `value` breaks `schema`, or undefined. Bounds read by the value's kind: numbers
 * use minimum/maximum (3.0 boolean or 3.1 numeric exclusives), strings their length against
 * minLength/maxLength, arrays their size against minItems/maxItems.
 */
export function checkValue(value: unknown, s: SchemaSpec): string | undefined {
  if (value === null && s.nullable) return undefined;
  const types = [s.type ?? []].flat();
  if (types.length && !types.some((t) => matchesType(value, t))) {
    return `expected ${types.join(" or ")}, got ${JSON.stringify(value)}`;
  }
  if (s.enum && !s.enum.includes(value)) return `must be one of ${JSON.stringify(s.enum)}`;
  const isNumber = typeof value === "number";
  const n = isNumber ? value : (value as { length?: number } | null)?.length;
  if (n === undefined) return undefined;
  const [lo, hi] = isNumber
    ? [s.minimum, s.maximum]
    : typeof value === "string"
      ? [s.minLength, s.maxLength]
      : [s.minItems, s.maxItems];
  const exLo = isNumber ? (s.exclusiveMinimum === true ? lo : s.exclusiveMinimum) : undefined;
  const exHi = isNumber ? (s.exclusiveMaximum === true ? hi : s.exclusiveMaximum) : undefined;
  const what = isNumber ? "" : typeof value === "string" ? "length " : "items ";
  if (typeof exLo === "number" && n <= exLo) return `must be ${what}> ${exLo}, got ${n}`;
  if (typeof exHi === "number" && n >= exHi) return `must be ${what}< ${exHi}, got ${n}`;
  if (lo !== undefined && n < lo) return `must be ${what}≥ ${lo}, got ${n}`;
  if (hi !== undefined && n > hi) return `must be ${what}≤ ${hi}, got ${n}`;
  if (typeof value === "string" && s.pattern && !new RegExp(s.pattern, "u").test(value)) {
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
