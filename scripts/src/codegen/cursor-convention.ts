import { findItemsPath, successSchema } from "./envelope.js";
import { effectiveParameters, resolveRef, type Json, type OperationRef } from "./openapi-model.js";
import type { CursorPagination } from "./pagination.js";

/** Query parameters that take a position handed back by the previous response. */
export const CURSOR_PARAMS = ["cursor", "offset", "max_cursor", "min_cursor", "page_token"];
/** Page-size parameters a cursor operation may take, in the order they are looked for. */
const SIZE_PARAMS = ["page_size", "count", "limit", "size"];
/** Flags that more pages follow. */
const MORE_FLAGS = ["has_more", "hasMore", "has_next"];
/** The page size sent when the schema states no maximum: the largest the vendor documents. */
const DEFAULT_SIZE = 10;

const typeOf = (doc: Json, s: unknown) => (resolveRef(doc, s) as Json | undefined)?.type;

/**
 * Where the response hands back the next position for `param`: `next_<param>` always; `<param>`
 * itself only for a cursor or token, whose echo is by custom the next one. A returned `offset`
 * may just as well be the one sent, so it is never taken for the next: that would be a guess.
 */
function nextField(doc: Json, data: Json, param: string, type: unknown): string | undefined {
  const props = (data.properties ?? {}) as Json;
  const names = [`next_${param}`, ...(/cursor|token/.test(param) ? [param] : [])];
  // Of the parameter's kind: a string handed back for an integer offset could not be sent back.
  const numeric = (t: unknown) => t === "integer" || t === "number";
  const fits = (t: unknown) =>
    type === undefined
      ? ["string", "integer", "number"].includes(String(t))
      : numeric(type)
        ? numeric(t)
        : t === type;
  return names.find((n) => fits(typeOf(doc, props[n])));
}

/**
 * An operation paged by an offset or cursor, found from its parameters and its response: a
 * cursor parameter in the query, the next position in `data`, and one list of items in `data`.
 * Returns the pagination, or why an operation that takes a cursor cannot be walked (a string),
 * or undefined for an operation that takes none.
 */
export function cursorOf(
  doc: Json,
  op: OperationRef,
  itemId: string | null,
): CursorPagination | string | undefined {
  const query = effectiveParameters(doc, op).filter((p) => p.in === "query");
  const cursors = query.filter((p) => CURSOR_PARAMS.includes(p.name));
  if (!cursors.length) return undefined;
  const names = cursors.map((p) => `\`${p.name}\``).join(", ");
  if (cursors.length > 1) return `it takes ${names}: which one pages is not clear`;
  const cursor = cursors[0]!;
  const envelope = successSchema(doc, op);
  const data = resolveRef(doc, (envelope?.properties as Json | undefined)?.data) as
    Json | undefined;
  const next = data && nextField(doc, data, cursor.name, typeOf(doc, cursor.schema));
  if (!data || !next) {
    const looked = [
      `next_${cursor.name}`,
      ...(/cursor|token/.test(cursor.name) ? [cursor.name] : []),
    ];
    return `it takes ${names} but its response returns no next one of its type (looked for \`data.${looked.join("`, `data.")}\`)`;
  }
  const itemsPath = findItemsPath(doc, envelope);
  if (!itemsPath || itemsPath === "data")
    return `it takes ${names} but its items are not one list in \`data\``;
  const props = (data.properties ?? {}) as Json;
  const more = MORE_FLAGS.find((n) =>
    ["boolean", "integer"].includes(String(typeOf(doc, props[n]))),
  );
  const size = query.find((p) => SIZE_PARAMS.includes(p.name));
  const schemaOf = (p: { schema?: unknown }) => (resolveRef(doc, p.schema) ?? {}) as Json;
  const start = schemaOf(cursor);
  const first = start.default ?? (cursor.required ? start.minimum : undefined);
  return {
    style: "cursor",
    cursorParam: cursor.name,
    firstCursor: typeof first === "string" || typeof first === "number" ? first : null,
    nextPath: `data.${next}`,
    hasMorePath: more ? `data.${more}` : null,
    sizeParam: size?.name ?? null,
    maxPageSize: (size && (schemaOf(size).maximum as number | undefined)) ?? DEFAULT_SIZE,
    itemsPath,
    source: "convention",
    itemId,
  };
}
