import type { OperationTable } from "@keyapi-tiktok/types";
import type { KeyApiClient } from "./client.js";
import { findOperation } from "./core/operations.js";
import { InvalidParamsError } from "./errors.js";
import { cursorPages, listAt } from "./core/cursor-pages.js";
import { orderedWindow } from "./core/ordered-window.js";
import type { DataOf, GetOptions, GetPath } from "./types.js";

/** Paths whose GET carries `x-pagination`: `paginate` on any other path is a type error. */
export type PaginatedPath = {
  [P in keyof OperationTable]: OperationTable[P] extends { get: { pagination: { style: string } } }
    ? P
    : never;
}[keyof OperationTable] &
  GetPath;

/** How an operation is walked, as the generated table states it (page numbers or a cursor). */
export type WalkOf<P extends PaginatedPath> = OperationTable[P]["get"]["pagination"];

/**
 * The parameters the walk sets: `page_num` and `page_size`, or the cursor (`offset`) and the
 * page size if the operation takes one.
 */
export type PageParams<P extends PaginatedPath> = Extract<
  WalkOf<P> extends { style: "cursor"; cursorParam: infer C; sizeParam: infer S }
    ? C | Exclude<S, null>
    : WalkOf<P> extends { pageParam: infer N; sizeParam: infer S }
      ? N | S
      : never,
  string
>;

/** An operation's query parameters as the spec types them. */
export type QueryOf<P extends PaginatedPath> = GetOptions<P> extends { query: infer Q } ? Q : never;

/** Options of `paginate`: the query without the page parameters, limits, and per-call options. */
export type PaginateOptions<P extends PaginatedPath> = Omit<GetOptions<P>, "query"> & {
  /** The operation's query; the page and size parameters are optional here. */
  query: Omit<QueryOf<P>, PageParams<P>> &
    Partial<Pick<QueryOf<P>, PageParams<P> & keyof QueryOf<P>>>;
  /** Stop after this many items. */
  limit?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /**
   * Pages in flight at once (default 8), yielded in page order. The walk ends at the first short
   * page, so up to `concurrency − 1` pages past the end may be bought: at most 7 credits a walk by
   * default, against a pull up to 8× faster at the key's limit. A cursor walk (`offset`,
   * `cursor`) is always one page at a time: each page names the next.
   */
  concurrency?: number;
};

/** The list inside an operation's `data` at an items path: `data` itself, or `data.<K>`. */
export type ListAt<D, Path> = Path extends `data.${infer K}`
  ? K extends keyof NonNullable<D>
    ? NonNullable<D>[K]
    : never
  : D;

/** The type of one item of a paginated operation's list (at its items path: `data`, `data.list`). */
export type ItemOf<P extends PaginatedPath> =
  NonNullable<
    ListAt<DataOf<P>, OperationTable[P]["get"]["pagination"]["itemsPath"]>
  > extends readonly (infer I)[]
    ? I
    : never;

/** One page of a walk, as `paginate(...).pages()` yields it. */
export interface Page<T> {
  /** The page number as sent; in a cursor walk, the page's place in the walk (1, 2, …). */
  page: number;
  /** The page's items (cut short at `limit`). */
  items: T[];
  /**
   * Cursor walks only: where the page after this one starts (null after the last). A walk given
   * it as its cursor parameter continues from there, as a resumed export does.
   */
  next?: string | number | null;
}

/** What a walk has done so far, live. */
export interface WalkStats {
  /** Pages yielded. */
  pages: number;
  /** Items yielded. */
  items: number;
  /** Requests sent for pages past the last one (they may have been charged). */
  pastEnd: number;
  /** Items skipped because their id (`x-sdk-item-id`) was already yielded. */
  duplicates: number;
}

/** Async iterable of items; `.pages()` walks whole pages instead. */
export interface Paginator<T> extends AsyncIterable<T> {
  /** Walks whole pages instead of items. */
  pages(): AsyncIterable<Page<T>>;
  /** Counts of the walk so far: pages, items, requests past the end, duplicates skipped. */
  readonly stats: WalkStats;
}

/** Pages in flight by default: enough to keep a 20-request-a-second key busy at 250 ms latency. */
export const DEFAULT_CONCURRENCY = 8;

async function* walk(
  client: KeyApiClient,
  path: string,
  {
    query,
    limit = Infinity,
    maxPages = Infinity,
    concurrency = DEFAULT_CONCURRENCY,
    ...call
  }: PaginateOptions<PaginatedPath>,
  stats: WalkStats,
): AsyncGenerator<Page<unknown>> {
  const spec = findOperation("GET", path)?.pagination;
  if (!spec) {
    // Plain-JS callers get here; TypeScript callers cannot (PaginatedPath).
    throw new InvalidParamsError([{ param: "path", message: `GET ${path} is not paginated` }], {
      method: "GET",
      path,
    });
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InvalidParamsError(
      [{ param: "concurrency", message: `must be a whole number ≥ 1, got ${concurrency}` }],
      { method: "GET", path },
    );
  }
  const q = query as Record<string, unknown>;
  const where = { method: "GET", path };
  const get = (extra: Record<string, unknown>, signal?: AbortSignal) =>
    client.get(
      path as PaginatedPath,
      { ...call, ...(signal ? { signal } : {}), query: { ...q, ...extra } } as never,
    );
  let pages: AsyncIterable<Page<unknown>>;
  if (spec.style === "cursor") {
    const size = spec.sizeParam
      ? { [spec.sizeParam]: (q[spec.sizeParam] as number | undefined) ?? spec.maxPageSize }
      : {};
    const start =
      (q[spec.cursorParam] as string | number | undefined) ?? spec.firstCursor ?? undefined;
    pages = cursorPages(
      spec,
      start,
      maxPages,
      (cursor) => get(cursor === undefined ? size : { ...size, [spec.cursorParam]: cursor }),
      where,
    );
  } else {
    const size = (q[spec.sizeParam] as number | undefined) ?? spec.maxPageSize;
    const first = (q[spec.pageParam] as number | undefined) ?? spec.firstPage;
    // No page is started that `maxPages` or `limit` (if every page is full) could not use.
    const last = Math.min(spec.maxPage, first + maxPages - 1, first + Math.ceil(limit / size) - 1);
    const fetchPage = async (page: number, signal: AbortSignal) =>
      listAt(
        await get({ [spec.pageParam]: page, [spec.sizeParam]: size }, signal),
        spec.itemsPath,
        where,
      );
    const window = orderedWindow(
      first,
      last,
      concurrency,
      fetchPage,
      // A short or empty page is the last one.
      (got) => got.length < size,
      call.signal,
      stats,
    );
    pages = (async function* () {
      for await (const [page, items] of window) yield { page, items };
    })();
  }
  // Each id once: a page numbered over a live dataset can repeat an item of the page before.
  const seen = spec.itemId ? new Set<unknown>() : undefined;
  let items = 0;
  for await (const { items: got, ...page } of pages) {
    let fresh = got;
    if (seen) {
      fresh = got.filter((item) => {
        const id = (item as Record<string, unknown> | null)?.[spec.itemId!];
        if (id === undefined || !seen.has(id)) return (seen.add(id), true);
        stats.duplicates++;
        return false;
      });
    }
    const kept = fresh.slice(0, limit - items);
    items += kept.length;
    stats.pages++;
    stats.items = items;
    yield { ...page, items: kept };
    if (items >= limit) return;
  }
}

/**
 * A lazy walk: nothing is checked or sent until iteration starts, so every error (a path that is
 * not paginated, bad parameters, the API's) surfaces from the loop, never from this call.
 */
export function paginate<P extends PaginatedPath>(
  client: KeyApiClient,
  path: P,
  options: PaginateOptions<P>,
): Paginator<ItemOf<P>> {
  const stats: WalkStats = { pages: 0, items: 0, pastEnd: 0, duplicates: 0 };
  const pages = () =>
    walk(client, path, options as never, stats) as AsyncGenerator<Page<ItemOf<P>>>;
  return {
    pages,
    stats,
    async *[Symbol.asyncIterator]() {
      for await (const { items } of pages()) yield* items;
    },
  };
}
