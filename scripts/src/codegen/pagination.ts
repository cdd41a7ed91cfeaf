import { cursorOf } from "./cursor-convention.js";
import { findItemsPath, isArray, successSchema } from "./envelope.js";
import { effectiveParameters, resolveRef, type Json, type OperationRef } from "./openapi-model.js";
import type { CursorPaginationSpec, PagePaginationSpec, PaginationSpec } from "./table-types.js";

/** The vendor's page parameters: every paged list operation of the KeyAPI docs uses this pair. */
export const PAGE_PARAM = "page_num";
export const SIZE_PARAM = "page_size";
/**
 * Bounds used when the spec states none. 10 is the largest page the vendor documents (reviews);
 * a larger one would be refused with a 400 (free, but the walk would fail), a smaller one only
 * costs more credits. 100,000 pages is the vendor's documented ceiling for `page_num`.
 */
export const DEFAULT_MAX_PAGE_SIZE = 10;
export const DEFAULT_MAX_PAGE = 100_000;

/** Numbered pages: the vendor's `page_num`/`page_size`; any page can be asked for at once. */
export type PagePagination = PagePaginationSpec;
/** An offset or cursor that each response hands back: pages come one after another. */
export type CursorPagination = CursorPaginationSpec;
/** How to walk an operation's pages, and where that knowledge came from (the generated type). */
export type Pagination = PaginationSpec;

/**
 * An operation's pagination: the overlay's `x-pagination` when it states one (`false` opts out),
 * else by convention: the vendor's page parameters in the query and an array of items in the
 * success envelope. Bounds come from the parameters' schemas, else the documented defaults.
 */
export function paginationOf(doc: Json, op: OperationRef): Pagination | null {
  const stated = op.operation["x-pagination"];
  const rawId = op.operation["x-sdk-item-id"];
  const itemId = typeof rawId === "string" ? rawId : null;
  if (stated === false) return null;
  if (stated && typeof stated === "object") {
    const s = stated as Json;
    const itemsPath = String(s.itemsPath ?? findItemsPath(doc, successSchema(doc, op)) ?? "data");
    const query = effectiveParameters(doc, op)
      .filter((p) => p.in === "query")
      .map((p) => p.name);
    checkStated(s, itemsPath, query);
    if (s.style === "cursor") return statedCursor(s, itemsPath, itemId);
    return {
      style: "page",
      pageParam: String(s.pageParam ?? PAGE_PARAM),
      sizeParam: String(s.sizeParam ?? SIZE_PARAM),
      firstPage: Number(s.firstPage ?? 1),
      maxPageSize: Number(s.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE),
      maxPage: Number(s.maxPage ?? DEFAULT_MAX_PAGE),
      itemsPath,
      source: "overlay",
      itemId,
    };
  }
  const query = effectiveParameters(doc, op).filter((p) => p.in === "query");
  const page = query.find((p) => p.name === PAGE_PARAM);
  const size = query.find((p) => p.name === SIZE_PARAM);
  const itemsPath = findItemsPath(doc, successSchema(doc, op));
  if (!page || !size || !itemsPath) {
    const cursor = cursorOf(doc, op, itemId);
    return typeof cursor === "object" ? cursor : null;
  }
  const bound = (p: typeof page, key: string) =>
    (resolveRef(doc, p.schema) as Json | undefined)?.[key] as number | undefined;
  return {
    style: "page",
    pageParam: PAGE_PARAM,
    sizeParam: SIZE_PARAM,
    firstPage: bound(page, "minimum") ?? 1,
    maxPageSize: bound(size, "maximum") ?? DEFAULT_MAX_PAGE_SIZE,
    maxPage: bound(page, "maximum") ?? DEFAULT_MAX_PAGE,
    itemsPath,
    source: "convention",
    itemId,
  };
}

/** An envelope path the client can read: `data`, or a property path inside it. */
const ENVELOPE_PATH = /^data(\.[A-Za-z_$][\w$]*)*$/;

/**
 * Refuses an `x-pagination` the client would misread: an unknown style (a typo would silently
 * walk page numbers), a path outside `data`, a parameter the operation does not take, a page
 * size that is not a whole number ≥ 1.
 */
function checkStated(s: Json, itemsPath: string, query: string[]): void {
  const fail = (why: string) => {
    throw new Error(`x-pagination: ${why}`);
  };
  if (s.style !== undefined && s.style !== "page" && s.style !== "cursor")
    fail(`style must be page or cursor, got ${JSON.stringify(s.style)}`);
  const paths: [string, unknown][] = [
    ["itemsPath", itemsPath],
    ["nextPath", s.nextPath],
    ["hasMorePath", s.hasMorePath],
  ];
  for (const [name, value] of paths)
    if (
      value !== undefined &&
      value !== null &&
      !(typeof value === "string" && ENVELOPE_PATH.test(value))
    )
      fail(
        `${name} must be \`data\` or a path in it (\`data.next_cursor\`), got ${JSON.stringify(value)}`,
      );
  for (const name of ["nextPath", "hasMorePath"])
    if (s[name] === "data") fail(`${name} must be a path inside \`data\`, not \`data\` itself`);
  const params = s.style === "cursor" ? ["cursorParam", "sizeParam"] : ["pageParam", "sizeParam"];
  for (const name of params)
    if (typeof s[name] === "string" && !query.includes(s[name]))
      fail(`${name} \`${s[name]}\` is not a query parameter of the operation`);
  for (const name of ["pageParam", "sizeParam", "cursorParam"])
    if (s[name] !== undefined && typeof s[name] !== "string")
      fail(`${name} must be a parameter's name, got ${JSON.stringify(s[name])}`);
  // [bound, its least value]: the table holds numbers, and `Number("abc")` would be NaN there.
  const firstPage = s.firstPage ?? 1;
  const bounds: [string, number][] = [
    ["maxPageSize", 1],
    ["firstPage", 0],
    ["maxPage", typeof firstPage === "number" ? firstPage : 0],
  ];
  for (const [name, least] of bounds)
    if (s[name] !== undefined && !(Number.isSafeInteger(s[name]) && (s[name] as number) >= least))
      fail(`${name} must be a whole number ≥ ${least}, got ${shown(s[name])}`);
  const cursor = s.firstCursor;
  if (
    cursor != null &&
    typeof cursor !== "string" &&
    !(typeof cursor === "number" && Number.isFinite(cursor))
  )
    fail(`firstCursor must be a string or a finite number, got ${shown(cursor)}`);
  // One parameter cannot say both the page (or the position) and the size.
  const [walk, position, size] =
    s.style === "cursor"
      ? ["cursorParam", s.cursorParam, s.sizeParam]
      : ["pageParam", s.pageParam ?? PAGE_PARAM, s.sizeParam ?? SIZE_PARAM];
  if (position !== undefined && position === size)
    fail(`${walk} and sizeParam are both \`${String(size)}\`: one parameter cannot say both`);
  // A page walk sends both, the vendor's names when none are stated: a walk of an operation that
  // takes neither would ask for the same page with parameters the vendor ignores or refuses.
  if (s.style !== "cursor")
    for (const [name, value] of [
      ["pageParam", position],
      ["sizeParam", size],
    ] as const)
      if (s[name] === undefined && !query.includes(String(value)))
        fail(
          `${name} \`${String(value)}\` (the default) is not a query parameter of the operation: state ${name}`,
        );
}

/** An overlay's value in a message: YAML's `.inf` and `.nan` as themselves (JSON writes null). */
const shown = (v: unknown) => (typeof v === "number" ? String(v) : JSON.stringify(v));

/** A cursor walk the overlay states: `cursorParam` and `nextPath` are needed, the rest is optional. */
function statedCursor(s: Json, itemsPath: string, itemId: string | null): CursorPagination {
  if (typeof s.cursorParam !== "string" || typeof s.nextPath !== "string")
    throw new Error("x-pagination with style cursor needs cursorParam and nextPath");
  const first = s.firstCursor;
  return {
    style: "cursor",
    cursorParam: s.cursorParam,
    firstCursor: typeof first === "string" || typeof first === "number" ? first : null,
    nextPath: s.nextPath,
    hasMorePath: typeof s.hasMorePath === "string" ? s.hasMorePath : null,
    sizeParam: typeof s.sizeParam === "string" ? s.sizeParam : null,
    maxPageSize: Number(s.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE),
    itemsPath,
    source: "overlay",
    itemId,
  };
}

/** Query parameters that page a list in another style than the vendor's page pair. */
const OTHER_STYLES = /^(next_cursor|start|page|limit|count)$/;

const FIX = "state it with x-pagination in the overlay, or x-pagination: false";

/**
 * Why an operation that looks paged is not walked, for the generator to say instead of guessing:
 * a cursor whose next value the response does not return, a paging parameter of another style,
 * half of the page pair, or items it cannot place. Undefined for an operation that is paged, opted out (`x-pagination: false`) or
 * shows no sign of paging.
 */
export function unpagedReason(doc: Json, op: OperationRef): string | undefined {
  if (op.operation["x-pagination"] === false || paginationOf(doc, op)) return undefined;
  const names = effectiveParameters(doc, op)
    .filter((p) => p.in === "query")
    .map((p) => p.name);
  const cursor = cursorOf(doc, op, null);
  if (typeof cursor === "string") return `${cursor}: ${FIX}`;
  const other = names.filter((n) => OTHER_STYLES.test(n));
  const pair = [PAGE_PARAM, SIZE_PARAM].filter((n) => names.includes(n));
  if (other.length)
    return `it takes \`${other.join("`, `")}\`, a paging style no convention here walks: ${FIX}`;
  if (pair.length === 1) return `it takes \`${pair[0]}\` without its pair: ${FIX}`;
  if (pair.length === 2) {
    const data = resolveRef(doc, (successSchema(doc, op)?.properties as Json | undefined)?.data);
    const arrays = Object.keys(((data as Json | undefined)?.properties ?? {}) as Json).filter((k) =>
      isArray(doc, ((data as Json).properties as Json)[k]),
    );
    return `it takes the page pair but its items are not \`data\` or one list in it (lists: ${
      arrays.join(", ") || "none"
    }): ${FIX}`;
  }
  return undefined;
}
