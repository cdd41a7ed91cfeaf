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

/** Compiled checks, one `const` per distinct expression, referenced from both tables. */
class Checks {
  readonly byCode = new Map<string, string>();
  /** A JSON string that `code()` turns into a reference to the check's `const`. */
  ref(schema: Json): string {
    const code = compileCheck(schema);
    let name = this.byCode.get(code);
    if (!name) this.byCode.set(code, (name = `c${this.byCode.size}`));
    return `\u0000${name}`;
  }
  declarations(): string {
    const decls = [...this.byCode].map(
      ([code, name]) => `const ${name}: ParamCheck = (v) => ${code};`,
    );
    const helper = [...this.byCode.keys()].some(usesItems) ? [ITEMS_HELPER] : [];
    return [...helper, ...decls].join("\n");
  }
}

/** JSON with the check placeholders turned into references to their consts. */
const code = (value: unknown) => JSON.stringify(value, null, 2).replace(/"\\u0000(c\d+)"/g, "$1");

interface Entry {
  full: Json;
  client: Json;
}

/**
 * The JSON request body's fields, as parameters `in: "body"` (one level deep: the fields a
 * caller names); a body that is not an object is one parameter named `body`.
 */
function bodyParameters(doc: Json, op: OperationRef) {
  const body = resolveRef(doc, op.operation.requestBody) as Json | undefined;
  const content = (body?.content ?? {}) as Json;
  const type = Object.keys(content).find((t) => /json/i.test(t));
  const schema = type && (resolveRef(doc, (content[type] as Json).schema) as Json | undefined);
  if (!schema) return [];
  const bodyRequired = body!.required === true;
  if (schema.type !== "object" && !schema.properties)
    return [{ name: "body", in: "body", required: bodyRequired, schema }];
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
      check: p.check,
    })),
  };
  return { full, client };
}

/** A pagination without `source`, which only tools read. */
function withoutSource({ source: _source, ...walk }: Pagination) {
  return walk;
}

/** Types of the table, emitted with it so the output also stands alone for any spec. */
const TABLE_TYPES = `
/** A parameter's compiled check: "" when the value is valid, else what is wrong with it. */
export type ParamCheck = (value: any) => string;

/** A parameter as the client checks it before a request is sent. */
export interface ParamSpec {
  readonly name: string;
  /** \`body\`: a field of the JSON request body. */
  readonly in: "query" | "path" | "header" | "cookie" | "body";
  readonly required: boolean;
  /** A field of an optional body: required only when a body is sent. */
  readonly whenSent?: true;
  readonly schema: SchemaSpec;
  /** \`schema\` compiled by the generator: what the client and the mock run. */
  readonly check: ParamCheck;
}

/** The subset of a parameter's JSON Schema that is checked at run time. */
export interface SchemaSpec {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number | boolean;
  readonly exclusiveMaximum?: number | boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly nullable?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: SchemaSpec;
}

/** What every walk knows, whatever its style. */
export interface WalkSpec {
  /** Dotted path in the envelope to the page's items: \`data\` or \`data.list\`. */
  readonly itemsPath: string;
  /** Where this came from: the overlay, or the convention. */
  readonly source: "overlay" | "convention";
  /** The item property that identifies an item (\`x-sdk-item-id\`): a walk yields each id once. */
  readonly itemId: string | null;
}

/** Numbered pages (the vendor's \`page_num\`/\`page_size\`): any page can be asked for at once. */
export interface PagePaginationSpec extends WalkSpec {
  /** Pages by number. */
  readonly style: "page";
  /** The page-number parameter (\`page_num\`). */
  readonly pageParam: string;
  /** The page-size parameter (\`page_size\`). */
  readonly sizeParam: string;
  /** The first page's number (the page parameter's minimum, else 1). */
  readonly firstPage: number;
  /** The schema's maximum for the page size, else the documented default (10). */
  readonly maxPageSize: number;
  /** The last page that can be asked for (the page parameter's maximum, else 100,000). */
  readonly maxPage: number;
}

/** An offset or cursor each response hands back for the next request: pages one after another. */
export interface CursorPaginationSpec extends WalkSpec {
  /** Pages by a position each response hands back. */
  readonly style: "cursor";
  /** The query parameter that takes the position (\`offset\`, \`cursor\`). */
  readonly cursorParam: string;
  /** The first page's position when the caller gives none; null omits the parameter. */
  readonly firstCursor: string | number | null;
  /** Dotted path in the envelope to the next position (\`data.next_offset\`). */
  readonly nextPath: string;
  /** Dotted path to the flag that more pages follow (\`data.has_more\`), if the response has one. */
  readonly hasMorePath: string | null;
  /** The page-size parameter, when the operation takes one. */
  readonly sizeParam: string | null;
  /** The page size sent when the caller gives none. */
  readonly maxPageSize: number;
}

/**
 * How to walk pages of an operation: stated by the overlay's \`x-pagination\`, or found by
 * convention (the vendor's page pair, or a cursor the response hands back).
 */
export type PaginationSpec = PagePaginationSpec | CursorPaginationSpec;

export interface OperationSpec {
  /** The friendly name the type aliases use. */
  readonly name: string;
  readonly operationId?: string;
  readonly params: readonly ParamSpec[];
  readonly pagination: PaginationSpec | null;
  /** \`x-keyapi-credits\`: credits one successful request costs, when known. */
  readonly credits: number | null;
}

/** A parameter in the client's table: where, name, required, compiled check. */
export interface ClientParam {
  readonly in: ParamSpec["in"];
  readonly name: string;
  readonly required: boolean;
  /** A field of an optional body: required only when a body is sent. */
  readonly whenSent?: true;
  readonly check: ParamCheck;
}

/** The slice of an operation the client reads at run time (see \`clientTable\`). */
export interface ClientOperation {
  /** \`x-keyapi-credits\`, when known (the client then assumes 1). */
  readonly credits: number | null;
  /** The pagination without what only tools read. */
  readonly pagination:
    | Omit<PagePaginationSpec, "source">
    | Omit<CursorPaginationSpec, "source">
    | null;
  /** Every parameter, with its compiled check. */
  readonly params: readonly ClientParam[];
}
`;

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
