import type { OperationSpec, PaginationSpec } from "@keyapi-tiktok/types";

/** Which slice of an entity's dataset a request asks for. */
export interface PageSlice {
  /** The entity: every parameter but the paging ones, joined (`<product_id>/US`). */
  id: string;
  /** The index of the slice's first item in the dataset. */
  start: number;
  size: number;
}

/** The integer a cursor walk counts from: its first position, else 0. */
const baseOf = (p: PaginationSpec & { style: "cursor" }) =>
  typeof p.firstCursor === "number" ? p.firstCursor : 0;

/** String cursors are opaque tokens naming the dataset index: `p20`. */
const TOKEN = /^p(0|[1-9]\d{0,8})$/;

/**
 * The slice a paged request asks for, or the 400 message for a cursor the mock never handed out.
 * Page style: `(page − first) × size`. Cursor style: an integer counts items from the first
 * position; a string is a token of ours.
 */
export function sliceOf(
  op: OperationSpec,
  p: PaginationSpec,
  values: Record<string, unknown>,
): PageSlice | { error: string } {
  const paging = p.style === "page" ? [p.pageParam, p.sizeParam] : [p.cursorParam, p.sizeParam];
  const id = op.params
    .filter((x) => !paging.includes(x.name) && values[x.name] !== undefined)
    .map((x) => String(values[x.name]))
    .join("/");
  if (p.style === "page") {
    const size = values[p.sizeParam] as number;
    return { id, size, start: ((values[p.pageParam] as number) - p.firstPage) * size };
  }
  const size = (p.sizeParam && (values[p.sizeParam] as number | undefined)) || p.maxPageSize;
  const cursor = values[p.cursorParam] ?? p.firstCursor;
  if (cursor === null || cursor === undefined) return { id, size, start: 0 };
  const start =
    typeof cursor === "number" ? cursor - baseOf(p) : Number(TOKEN.exec(String(cursor))?.[1]);
  if (!Number.isInteger(start) || start < 0)
    return { error: `Invalid parameter: ${p.cursorParam} (not a position this API handed out)` };
  return { id, size, start };
}

/** The position the page after `end` starts at, typed as the cursor parameter is. */
export function cursorAt(op: OperationSpec, p: PaginationSpec & { style: "cursor" }, end: number) {
  const type = op.params.find((x) => x.name === p.cursorParam)?.schema.type;
  return type === "integer" || type === "number" ? baseOf(p) + end : `p${end}`;
}
