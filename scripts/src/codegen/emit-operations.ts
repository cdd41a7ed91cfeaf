import { readFileSync } from "node:fs";
import path from "node:path";
import { mergeSchema } from "../../../packages/types/src/merge-schema.js";
import { repoRoot } from "../repo.js";
import { compileCheck, ITEMS_HELPER, usesItems } from "./compile-check.js";
import { effectiveParameters, resolveRef, type Json, type OperationRef } from "./openapi-model.js";
import { paginationOf, type Pagination } from "./pagination.js";

/** The schema keywords the client checks before sending; everything else is the server's job. */
const CHECKED_KEYWORDS = [
  "type",
  "format",
  "enum",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "nullable",
  "minItems",
  "maxItems",
] as const;

function checkedSchema(doc: Json, raw: unknown, depth = 0): Json {
  const schema = (resolveRef(doc, raw) ?? {}) as Json;
  const out: Json = {};
  for (const key of CHECKED_KEYWORDS) if (schema[key] !== undefined) out[key] = schema[key];
  // Arrays of arrays are checked 8 deep; a recursive `items` (an array of itself) stops there.
  if (schema.items && depth < 8) out.items = checkedSchema(doc, schema.items, depth + 1);
  return out;
}

export interface TableEntry {
  name: string;
  op: OperationRef;
}

/** A parameter's check in a table: written as the name of its `const`, not as data. */
class CheckRef {
  constructor(readonly name: string) {}
}

/** Compiled checks, one `const` per distinct expression, referenced from both tables. */
class Checks {
  readonly byCode = new Map<string, string>();
  /** What `code()` writes as a reference to the check's `const`. */
  ref(schema: Json): CheckRef {
    const code = compileCheck(schema);
    let name = this.byCode.get(code);
    if (!name) this.byCode.set(code, (name = `c${this.byCode.size}`));
    return new CheckRef(name);
  }
  declarations(): string {
    const decls = [...this.byCode].map(
      ([code, name]) => `const ${name}: ParamCheck = (v) => ${code};`,
    );
    const helper = [...this.byCode.keys()].some(usesItems) ? [ITEMS_HELPER] : [];
    return [...helper, ...decls].join("\n");
  }
}

/**
 * A table as TypeScript: its data as `JSON.stringify(value, null, 2)` writes it, each check a
 * reference to its `const`. Written by structure, not by replacing a marker in the JSON text:
 * the spec's strings are any text, and an enum value equal to the marker became a function.
 */
function code(value: unknown, indent = ""): string {
  if (value instanceof CheckRef) return value.name;
  const inner = `${indent}  `;
  const block = (open: string, items: string[], close: string) =>
    items.length
      ? `${open}\n${inner}${items.join(`,\n${inner}`)}\n${indent}${close}`
      : open + close;
  if (Array.isArray(value))
    return block(
      "[",
      value.map((v) => (v === undefined ? "null" : code(v, inner))),
      "]",
    );
  if (value !== null && typeof value === "object")
    return block(
      "{",
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}: ${code(v, inner)}`),
      "}",
    );
  return JSON.stringify(value);
}

interface Entry {
  full: Json;
  client: Json;
}

/**
 * The JSON request body's fields, as parameters `in: "body"` (one level deep: the fields a
 * caller names); a body that is not an object is one parameter named `body`, marked `whole` (an
 * object's field named `body` is a field).
 */
function bodyParameters(doc: Json, op: OperationRef) {
  const body = resolveRef(doc, op.operation.requestBody) as Json | undefined;
  const content = (body?.content ?? {}) as Json;
  const type = Object.keys(content).find((t) => /json/i.test(t));
  const raw = type && (resolveRef(doc, (content[type] as Json).schema) as Json | undefined);
  if (!raw) return [];
  // Its `allOf` merged as the mock and the CLI read it: a body composed of a base and its own
  // fields has fields (with `type: object` beside the `allOf` it had no check at all).
  const schema = mergeSchema(raw, doc) as Json;
  const bodyRequired = body!.required === true;
  // Fields for an object of properties; a choice (`oneOf`, `anyOf`) or a body without properties
  // is checked whole.
  const plain = schema.properties && !schema.oneOf && !schema.anyOf;
  if (!plain) return [{ name: "body", in: "body", required: bodyRequired, whole: true, schema }];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries((schema.properties ?? {}) as Json).map(([name, s]) => ({
    name,
    in: "body",
    required: required.has(name),
    // A required field of an optional body is required once a body is sent: `{}` is a body,
    // and the server would refuse it (a credit spent on a 400).
    ...(required.has(name) && !bodyRequired ? { whenSent: true } : {}),
    schema: s as Json,
  }));
}

function entry(doc: Json, { name, op }: TableEntry, checks: Checks): Entry {
  const params = [...effectiveParameters(doc, op), ...bodyParameters(doc, op)].map((p) => {
    const schema = checkedSchema(doc, p.schema);
    return {
      name: p.name,
      in: p.in,
      required: p.required === true,
      ...("whenSent" in p ? { whenSent: true } : {}),
      ...("whole" in p ? { whole: true } : {}),
      schema,
      check: checks.ref(schema),
    };
  });
  const pagination = paginationOf(doc, op);
  const rawCredits = op.operation["x-keyapi-credits"];
  const credits = typeof rawCredits === "number" ? rawCredits : null;
  const full = {
    name,
    ...(typeof op.operation.operationId === "string"
      ? { operationId: op.operation.operationId }
      : {}),
    params,
    pagination,
    credits,
  };
  // Only what the client reads: the bundle carries this table, not the one above.
  const client = {
    credits,
    pagination: pagination && withoutSource(pagination),
    params: params.map((p) => ({
      in: p.in,
      name: p.name,
      required: p.required,
      ...("whenSent" in p ? { whenSent: true } : {}),
      ...("whole" in p ? { whole: true } : {}),
      check: p.check,
    })),
  };
  return { full, client };
}

/** A pagination without `source`, which only tools read. */
function withoutSource({ source: _source, ...walk }: Pagination) {
  return walk;
}

/**
 * Types of the table, emitted with it so the output also stands alone for any spec: the text of
 * `table-types.ts`, whose declarations the generator itself imports.
 */
const TABLE_TYPES_FILE = path.join(repoRoot, "scripts/src/codegen/table-types.ts");
const TABLE_TYPES = `\n${readFileSync(TABLE_TYPES_FILE, "utf8").replace(/^(\/\/.*\n)+/, "")}`;

/** Runtime table keyed by path then method, for validation, pagination and credits. */
export function emitOperations(doc: Json, entries: TableEntry[]): string {
  const checks = new Checks();
  const table: Record<string, Record<string, Json>> = {};
  const client: Record<string, Json> = {};
  for (const e of entries) {
    const { full, client: lean } = entry(doc, e, checks);
    (table[e.op.path] ??= {})[e.op.method] = full;
    client[`${e.op.method.toUpperCase()} ${e.op.path}`] = lean;
  }
  return [
    TABLE_TYPES,
    checks.declarations(),
    "",
    "/** Every operation of the effective spec. */",
    `export const operationTable = ${code(table)} as const satisfies Record<\n  string,\n  Partial<Record<string, OperationSpec>>\n>;`,
    "",
    "export type OperationTable = typeof operationTable;",
    "",
    '/** What the client reads at run time, keyed `"<METHOD> <path>"`: small enough to bundle. */',
    `export const clientTable: Readonly<Record<string, ClientOperation>> = ${code(client)};`,
    "",
  ].join("\n");
}
