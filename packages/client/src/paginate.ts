import type { OperationTable } from "@keyapi-tiktok/types";
import type { KeyApiClient } from "./client.js";
import type { Pace } from "./core/pace.js";
import { walkMany } from "./core/walk-many.js";
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
   * The most pages in flight (default 32), yielded in page order. Under it the window follows
   * the key's rate × the measured latency, and a walk asks ahead of its next certain page no
   * more pages than it has already seen, so the pages bought past the end stay below what the
   * walk has seen (and below `concurrency`). A cursor walk (`offset`, `cursor`) is one page at a
   * time: each page names the next.
   */
  concurrency?: number;
  /**
   * Ends the walk gently, where `signal` cancels it: once it aborts, no page is asked for, the
   * pages already asked for (sent, or waiting for a rate-limit turn or a retry) are awaited and
   * yielded in page order, then the walk throws the signal's reason: unless those pages were
   * its last, and it then ends as a finished walk does. Nothing bought is thrown away: a CLI's
   * first Ctrl-C.
   */
  stop?: AbortSignal;
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
  /**
   * Requests started for pages past the last one and then cancelled: sent ones may have been
   * charged, ones still waiting for a rate-limit turn were dropped unsent.
   */
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

/**
 * The most pages in flight by default. The window itself follows the key's rate × the measured
 * latency (Little's law): 20 a second at 1.5 s needs 31 in flight, at 250 ms 6.
 */
export const DEFAULT_CONCURRENCY = 32;

/**
 * A lazy walk: nothing is checked or sent until iteration starts, so every error (a path that is
 * not paginated, bad parameters, the API's) surfaces from the loop, never from this call.
 */
export function paginate<P extends PaginatedPath>(
  client: KeyApiClient,
  path: P,
  options: PaginateOptions<P>,
  pace?: Pace,
): Paginator<ItemOf<P>> {
  const stats: WalkStats = { pages: 0, items: 0, pastEnd: 0, duplicates: 0 };
  async function* pages(): AsyncGenerator<Page<ItemOf<P>>> {
    // No options (or no query) from plain JS: the query's parameters are missing, said as such.
    const {
      query,
      path: pathParams,
      limit = Infinity,
      maxPages = Infinity,
      concurrency = DEFAULT_CONCURRENCY,
      stop,
      ...call
    } = (options ?? {}) as unknown as PaginateOptions<PaginatedPath> & { path?: unknown };
    for await (const event of walkMany({
      path,
      entities: [{ query: (query ?? {}) as Record<string, unknown>, path: pathParams }],
      limit,
      maxPages,
      concurrency,
      call,
      stop,
      get: (p, o) => client.get(p as PaginatedPath, o as never),
      pace,
      stats,
    })) {
      if ("error" in event) throw event.error;
      const { entity: _entity, last, ...page } = event;
      yield page as Page<ItemOf<P>>;
      if (last) return;
    }
  }
  return {
    pages,
    stats,
    async *[Symbol.asyncIterator]() {
      for await (const { items } of pages()) yield* items;
    },
  };
}
