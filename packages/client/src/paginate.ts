import type { OperationTable } from "@keyapi-tiktok/types";
import type { KeyApiClient } from "./client.js";
import { findOperation } from "./core/operations.js";
import { InvalidParamsError, InvalidResponseError } from "./errors.js";
import type { DataOf, GetOptions, GetPath } from "./types.js";

/** Paths whose GET carries `x-pagination`: `paginate` on any other path is a type error. */
export type PaginatedPath = {
  [P in keyof OperationTable]: OperationTable[P] extends { get: { pagination: { style: string } } }
    ? P
    : never;
}[keyof OperationTable] &
  GetPath;

/** The names of an operation's page and page-size parameters (`page_num`, `page_size`). */
export type PageParams<P extends PaginatedPath> =
  | OperationTable[P]["get"]["pagination"]["pageParam"]
  | OperationTable[P]["get"]["pagination"]["sizeParam"];

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
};

/** The type of one item of a paginated operation's `data` array. */
export type ItemOf<P extends PaginatedPath> = DataOf<P> extends readonly (infer I)[] ? I : never;

/** One page of a walk, as `paginate(...).pages()` yields it. */
export interface Page<T> {
  /** The page number as sent. */
  page: number;
  /** The page's items (cut short at `limit`). */
  items: T[];
}

/** Async iterable of items; `.pages()` walks whole pages instead. */
export interface Paginator<T> extends AsyncIterable<T> {
  /** Walks whole pages instead of items. */
  pages(): AsyncIterable<Page<T>>;
}

async function* walk(
  client: KeyApiClient,
  path: string,
  { query, limit = Infinity, maxPages = Infinity, ...call }: PaginateOptions<PaginatedPath>,
): AsyncGenerator<Page<unknown>> {
  const spec = findOperation("GET", path)?.pagination;
  if (!spec) {
    // Plain-JS callers get here; TypeScript callers cannot (PaginatedPath).
    throw new InvalidParamsError([{ param: "path", message: `GET ${path} is not paginated` }], {
      method: "GET",
      path,
    });
  }
  const q = query as Record<string, unknown>;
  const size = (q[spec.sizeParam] as number | undefined) ?? spec.maxPageSize;
  let page = (q[spec.pageParam] as number | undefined) ?? spec.firstPage;
  for (let pages = 0, items = 0; pages < maxPages && items < limit; pages++, page++) {
    const data = await client.get(
      path as PaginatedPath,
      {
        ...call,
        query: { ...q, [spec.pageParam]: page, [spec.sizeParam]: size },
      } as never,
    );
    // `itemsPath` is a path in the envelope (`data`, `data.list`); `get` already unwrapped `data`.
    const list = spec.itemsPath
      .split(".")
      .slice(1)
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], data);
    if (!Array.isArray(list)) {
      // An envelope without its list must not end a walk as if it were the last page.
      throw new InvalidResponseError(`no item list at \`${spec.itemsPath}\` in the response`, {
        method: "GET",
        path,
      });
    }
    const got: unknown[] = list;
    const kept = got.slice(0, limit - items);
    items += kept.length;
    yield { page, items: kept };
    // A short or empty page is the last one; so is the spec's maximum page.
    if (got.length < size || page >= spec.maxPage) return;
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
  const pages = () => walk(client, path, options as never) as AsyncGenerator<Page<ItemOf<P>>>;
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const { items } of pages()) yield* items;
    },
  };
}
