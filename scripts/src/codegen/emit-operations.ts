import { effectiveParameters, resolveRef, type Json, type OperationRef } from "./openapi-model.js";

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

function checkedSchema(doc: Json, raw: unknown): Json {
  const schema = (resolveRef(doc, raw) ?? {}) as Json;
  const out: Json = {};
  for (const key of CHECKED_KEYWORDS) if (schema[key] !== undefined) out[key] = schema[key];
  if (schema.items) out.items = checkedSchema(doc, schema.items);
  return out;
}

export interface TableEntry {
  name: string;
  op: OperationRef;
}

function entry(doc: Json, { name, op }: TableEntry): Json {
  const params = effectiveParameters(doc, op).map((p) => ({
    name: p.name,
    in: p.in,
    required: p.required === true,
    schema: checkedSchema(doc, p.schema),
  }));
  const pagination = op.operation["x-pagination"];
  const credits = op.operation["x-keyapi-credits"];
  return {
    name,
    ...(typeof op.operation.operationId === "string"
      ? { operationId: op.operation.operationId }
      : {}),
    params,
    pagination: pagination && typeof pagination === "object" ? pagination : null,
    credits: typeof credits === "number" ? credits : null,
  };
}

/** Types of the table, emitted with it so the output also stands alone for any spec. */
const TABLE_TYPES = `
/** A parameter as the client checks it before a request is sent. */
export interface ParamSpec {
  readonly name: string;
  readonly in: "query" | "path" | "header" | "cookie";
  readonly required: boolean;
  readonly schema: SchemaSpec;
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

/** \`x-pagination\` from the overlay: how to walk pages of an operation. */
export interface PaginationSpec {
  readonly style: "page";
  readonly pageParam: string;
  readonly sizeParam: string;
  readonly firstPage: number;
  readonly maxPageSize: number;
  readonly maxPage: number;
  /** Property of the response envelope holding the page's items. */
  readonly itemsPath: string;
}

export interface OperationSpec {
  /** The friendly name the type aliases use. */
  readonly name: string;
  readonly operationId?: string;
  readonly params: readonly ParamSpec[];
  readonly pagination: PaginationSpec | null;
  /** \`x-keyapi-credits\`: credits one successful request costs, when known. */
  readonly credits: number | null;
}
`;

/** Runtime table keyed by path then method, for validation, pagination and credits. */
export function emitOperations(doc: Json, entries: TableEntry[]): string {
  const table: Record<string, Record<string, Json>> = {};
  for (const e of entries) {
    (table[e.op.path] ??= {})[e.op.method] = entry(doc, e);
  }
  return [
    TABLE_TYPES,
    "/** Every operation of the effective spec. */",
    `export const operationTable = ${JSON.stringify(table, null, 2)} as const satisfies Record<\n  string,\n  Partial<Record<string, OperationSpec>>\n>;`,
    "",
    "export type OperationTable = typeof operationTable;",
    "",
  ].join("\n");
}
