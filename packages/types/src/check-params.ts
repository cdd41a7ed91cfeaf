import type { ClientParam, SchemaSpec } from "./generated/operations.js";
/** One problem with one parameter. */
export interface ParamIssue {
  /** The parameter's name (`body.field` for a body field, `path` for an unknown operation). */
  param: string;
  /** What is wrong, ending with the value given. */
  message: string;
}

/** Parameters by location, as openapi-fetch takes them (`{ query, path, header }`), and `body`. */
export type Params = Partial<
  Record<Exclude<ClientParam["in"], "body">, Record<string, unknown> | undefined>
> & {
  body?: unknown;
};

/** Unknown names reported one by one; past this, counted. */
const MAX_UNKNOWN = 10;

// In a `u` pattern a pair is one code point: only a surrogate standing alone matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** A value as a message shows it: JSON, except what JSON cannot say (NaN, a BigInt, a cycle). */
function shown(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The value under `name` as the query serialiser sees it (`for…in`: enumerable properties, own
 * or inherited), so what is checked is what is sent; never a built-in every object inherits
 * (non-enumerable): a parameter named `toString` that was not given is missing, not
 * `Object.prototype.toString`. `inherited: false` reads as JSON.stringify sends a body: own
 * fields only.
 */
function fieldOf(holder: unknown, name: string, inherited = true): unknown {
  if (holder === null || typeof holder !== "object") return undefined;
  // What a caller passes: own, enumerable. The walk up is for the rare inherited one.
  if (Object.prototype.propertyIsEnumerable.call(holder, name))
    return (holder as Record<string, unknown>)[name];
  for (let o = inherited ? holder : null; o; o = Object.getPrototypeOf(o) as object | null) {
    const found = Object.getOwnPropertyDescriptor(o, name);
    if (found) return found.enumerable ? (holder as Record<string, unknown>)[name] : undefined;
  }
  return undefined;
}

/**
 * A body parameter as the checks read it, and the name they give it: the whole body, `body`, for
 * the parameter the table marks `whole` (a body that is not an object); else the body's field,
 * `body.<name>`, as JSON.stringify sends it (own and enumerable: never an inherited field, nor a
 * built-in such as `toString`). The client's checks before sending and the mock's on receiving
 * read a body this one way.
 */
export function bodyParam(
  param: Pick<ClientParam, "name" | "whole">,
  body: unknown,
): { value: unknown; label: string } {
  const { name, whole } = param;
  if (whole) return { value: body, label: "body" };
  return { value: fieldOf(body, name, false), label: `body.${name}` };
}

/** A decimal as its significant digits and the power of ten of the last: `1.50e3` → `15e2`. */
function digitsOf(text: string): string {
  const [mantissa = "", power = "0"] = text.replace(/^[+-]/, "").split(/e/i);
  const [whole = "", fraction = ""] = mantissa.split(".");
  const all = (whole + fraction).replace(/^0+/, "");
  const digits = all.replace(/0+$/, "");
  return digits
    ? `${digits}e${Number(power) - fraction.length + (all.length - digits.length)}`
    : "0";
}

/**
 * Whether the number a decimal reads as is the decimal: the same significant digits once written
 * back (`3.141592653589793` is; `7743305761692972904.0`, `7.743305761692972904e18`, another id as
 * a number, are not, nor an overflow to `Infinity` or an underflow to 0).
 */
const carried = (raw: string, n: number) => digitsOf(raw) === digitsOf(String(n));

/**
 * Reads a parameter's text (a query string, a command-line `key=value`) as its schema's type,
 * the way a server framework would; text that does not parse stays text, so the checks below
 * report it by name instead of it turning into NaN. A number is read only when written in
 * decimal and carried exactly: `7743305761692972904` (a whole number past 2^53) stays text,
 * refused by name, rather than sent as `7743305761692973000`, another id; so does `1e400`.
 * A type list that allows text (`["integer", "string"]`) keeps it as given (`00012` is no 12).
 */
export function coerceParam(raw: string, type: SchemaSpec["type"]): unknown {
  // Of a type list (`["null", "integer"]`), the types a text can be: `null` is never read from one.
  const types = [type].flat();
  if (types.includes("string")) return raw;
  const fraction = types.includes("number");
  // A decimal number as a query string writes one (no `0x`, no `Infinity`, no blanks).
  if (
    (fraction || types.includes("integer")) &&
    /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(raw)
  ) {
    const n = Number(raw);
    if (/^[+-]?\d+$/.test(raw) ? Number.isSafeInteger(n) : fraction && carried(raw, n)) return n;
  }
  if (types.includes("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/**
 * Checks call parameters with the checks compiled at codegen time (no schema is read at run
 * time): missing required, unknown, wrongly typed or out-of-bounds parameters, each by name.
 */
export function validateParams(spec: readonly ClientParam[], params?: Params): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const add = (param: string, message: string) => issues.push({ param, message });
  for (const param of spec) {
    const { in: where, name, required, whenSent, check } = param;
    // A body that is not an object is one parameter named `body`; fields are `body.<name>`.
    let value: unknown;
    let label = name;
    if (where !== "body") value = fieldOf(params?.[where], name);
    else ({ value, label } = bodyParam(param, params?.body));
    const problem =
      value === undefined
        ? ""
        : typeof value === "string" && LONE_SURROGATE.test(value)
          ? "is not well-formed Unicode (a lone surrogate), which no URL can carry"
          : check(value);
    if (problem) add(label, `${problem}, got ${shown(value)}`);
    // A field of an optional body is required once any body is sent (`{}` included).
    else if (value === undefined && required && !(whenSent && params?.body === undefined))
      add(label, where === "body" ? "required" : `required ${where} parameter is missing`);
    // The API (and the mock) reads a query or path value of "" as missing: a 400, refused here.
    else if (value === "" && required && where !== "body")
      add(label, `required ${where} parameter is empty`);
  }
  // Checked on every call: no list is built unless a name is unknown. Every name a `for…in`
  // reaches, as openapi-fetch's query serialiser does: an inherited one is sent too.
  for (const where of ["query", "path"] as const) {
    const given = params?.[where];
    if (given === undefined || given === null) continue;
    if (typeof given !== "object" || Array.isArray(given)) {
      add(where, `must be an object of ${where} parameters, got ${shown(given).slice(0, 64)}`);
      continue;
    }
    let unknown = 0;
    for (const name in given) {
      if (given[name] === undefined || spec.some((p) => p.in === where && p.name === name))
        continue;
      // The first few by name; thousands would make a message of megabytes.
      if (++unknown > MAX_UNKNOWN) continue;
      const known = spec.filter((p) => p.in === where).map((p) => p.name);
      add(
        name,
        `not a ${where} parameter of this operation (known: ${known.join(", ") || "none"})`,
      );
    }
    if (unknown > MAX_UNKNOWN)
      add(where, `and ${unknown - MAX_UNKNOWN} more names that are not ${where} parameters`);
  }
  return issues;
}
