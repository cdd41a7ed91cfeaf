import { effectiveParameters, resolveRef, type Json, type OperationRef } from "./openapi-model.js";

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

/** How to walk an operation's pages, and where that knowledge came from. */
export interface Pagination {
  style: "page";
  pageParam: string;
  sizeParam: string;
  firstPage: number;
  maxPageSize: number;
  maxPage: number;
  /** Dotted path in the envelope to the page's items: `data`, or `data.list`. */
  itemsPath: string;
  /** `overlay`: stated by `x-pagination`; `convention`: found from the vendor's page parameters. */
  source: "overlay" | "convention";
  /** The item property that identifies an item (`x-sdk-item-id`), for walks that skip repeats. */
  itemId: string | null;
}

/** The 200 JSON body schema of an operation, `$ref`s resolved. */
export function successSchema(doc: Json, op: OperationRef): Json | undefined {
  const ok = resolveRef(doc, (op.operation.responses as Json | undefined)?.["200"]) as Json;
  const content = (ok?.content ?? {}) as Json;
  const type = Object.keys(content).find((t) => /json/i.test(t));
  return type ? (resolveRef(doc, (content[type] as Json).schema) as Json | undefined) : undefined;
}

const isArray = (doc: Json, s: unknown) =>
  (resolveRef(doc, s) as Json | undefined)?.type === "array";

/**
 * Where the items of a page are in the envelope: `data` when it is an array, else `data.<p>` for
 * the one array property of a `data` object (`{ total, list: [...] }`); undefined otherwise.
 */
export function findItemsPath(doc: Json, envelope: Json | undefined): string | undefined {
  const data = resolveRef(doc, (envelope?.properties as Json | undefined)?.data) as
    Json | undefined;
  if (!data) return undefined;
  if (isArray(doc, data)) return "data";
  const arrays = Object.entries((data.properties ?? {}) as Json).filter(([, s]) => isArray(doc, s));
  return arrays.length === 1 ? `data.${arrays[0]![0]}` : undefined;
}

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
    return {
      style: "page",
      pageParam: String(s.pageParam ?? PAGE_PARAM),
      sizeParam: String(s.sizeParam ?? SIZE_PARAM),
      firstPage: Number(s.firstPage ?? 1),
      maxPageSize: Number(s.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE),
      maxPage: Number(s.maxPage ?? DEFAULT_MAX_PAGE),
      itemsPath: String(s.itemsPath ?? findItemsPath(doc, successSchema(doc, op)) ?? "data"),
      source: "overlay",
      itemId,
    };
  }
  const query = effectiveParameters(doc, op).filter((p) => p.in === "query");
  const page = query.find((p) => p.name === PAGE_PARAM);
  const size = query.find((p) => p.name === SIZE_PARAM);
  const itemsPath = findItemsPath(doc, successSchema(doc, op));
  if (!page || !size || !itemsPath) return null;
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

/** Query parameters that page a list in another style than the vendor's page pair. */
const OTHER_STYLES =
  /^(offset|cursor|max_cursor|min_cursor|next_cursor|page_token|start|page|limit|count)$/;

/**
 * Why an operation that looks paged is not walked, for the generator to say instead of guessing:
 * a paging parameter of another style (`offset`, `cursor`), half of the page pair, or items it
 * cannot place. Undefined for an operation that is paged, opted out (`x-pagination: false`) or
 * shows no sign of paging.
 */
export function unpagedReason(doc: Json, op: OperationRef): string | undefined {
  if (op.operation["x-pagination"] === false || paginationOf(doc, op)) return undefined;
  const names = effectiveParameters(doc, op)
    .filter((p) => p.in === "query")
    .map((p) => p.name);
  const other = names.filter((n) => OTHER_STYLES.test(n));
  const pair = [PAGE_PARAM, SIZE_PARAM].filter((n) => names.includes(n));
  const fix = "state it with x-pagination in the overlay, or x-pagination: false";
  if (other.length)
    return `it takes \`${other.join("`, `")}\`, a paging style no convention here walks: ${fix}`;
  if (pair.length === 1) return `it takes \`${pair[0]}\` without its pair: ${fix}`;
  if (pair.length === 2) {
    const data = resolveRef(doc, (successSchema(doc, op)?.properties as Json | undefined)?.data);
    const arrays = Object.keys(((data as Json | undefined)?.properties ?? {}) as Json).filter((k) =>
      isArray(doc, ((data as Json).properties as Json)[k]),
    );
    return `it takes the page pair but its items are not \`data\` or one list in it (lists: ${
      arrays.join(", ") || "none"
    }): ${fix}`;
  }
  return undefined;
}
