import type { KeyApiClient } from "./client.js";
import { InvalidParamsError } from "./core/errors.js";
import type { Pace } from "./core/pace.js";
import { walkMany } from "./core/walk-many.js";
import {
  DEFAULT_CONCURRENCY,
  type ItemOf,
  type PaginatedPath,
  type PaginateOptions,
  type WalkStats,
} from "./paginate.js";

/** One entity of `paginateEach`: the query (and path parameters) one `paginate` call would take. */
export type EntityOf<P extends PaginatedPath> = Pick<
  PaginateOptions<P>,
  Extract<keyof PaginateOptions<P>, "query" | "path">
>;

/** Options of `paginateEach`: the entities, and what `paginate` takes besides one query. */
export type PaginateEachOptions<P extends PaginatedPath> = Omit<
  PaginateOptions<P>,
  "query" | "path"
> & {
  /** The entities to walk, in this order: each one's `query` (and `path`). */
  each: readonly EntityOf<P>[];
};

/** One page of one entity, or the error that ended that entity (the others go on). */
export type EntityPage<P extends PaginatedPath> =
  | {
      /** The entity's index in `each`. */
      entity: number;
      /** What the entity was given in `each`. */
      params: EntityOf<P>;
      /** The page number (a cursor walk: the page's place in the entity's walk). */
      page: number;
      items: ItemOf<P>[];
      /** This is the entity's last page: its walk is complete. */
      last: boolean;
      /** Cursor walks: where the entity's next page starts (null after the last). */
      next?: string | number | null;
    }
  | { entity: number; params: EntityOf<P>; page: number; error: unknown };

/** One item, tagged with its entity. */
export interface EntityItem<P extends PaginatedPath> {
  /** The entity's index in `each`. */
  entity: number;
  /** What the entity was given in `each`. */
  params: EntityOf<P>;
  /** One item of the entity's list. */
  item: ItemOf<P>;
}

/**
 * Async iterable of tagged items (the first entity that fails throws); `.pages()` yields each
 * entity's pages and, for an entity that fails, its error, and goes on with the others. An error
 * every entity would meet (the key refused or out of credits, `maxCredits` reached, a key
 * throttled for good) ends the walk: nothing more is asked for, the pages already bought are
 * yielded, then it is thrown.
 */
export interface EachPaginator<P extends PaginatedPath> extends AsyncIterable<EntityItem<P>> {
  /** Each entity's pages in its order, and the error of an entity that failed (the rest go on). */
  pages(): AsyncIterable<EntityPage<P>>;
  /** Counts over every entity: pages, items, requests past an end, duplicates skipped. */
  readonly stats: WalkStats;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Walks many entities' pages under one window of requests (the key's rate × latency, under
 * `concurrency`), each entity's pages in order. The next page of an unfinished walk goes first,
 * then the next entity's first page; a page ahead of what is certain is asked for only when
 * nothing certain waits. Lazy, like `paginate`.
 */
export function paginateEach<P extends PaginatedPath>(
  client: KeyApiClient,
  path: P,
  options: PaginateEachOptions<P>,
  pace?: Pace,
): EachPaginator<P> {
  const stats: WalkStats = { pages: 0, items: 0, pastEnd: 0, duplicates: 0 };
  async function* pages(): AsyncGenerator<EntityPage<P>> {
    // No options at all, from plain JS: `each` is missing, said as such.
    const {
      each,
      limit = Infinity,
      maxPages = Infinity,
      concurrency = DEFAULT_CONCURRENCY,
      stop,
      ...call
    } = (options ?? {}) as PaginateEachOptions<PaginatedPath>;
    // Before anything is sent: from plain JS, `each: undefined` or `[null]` failed deep in the
    // walk, in the runtime's words. Any iterable is a list (a Set); a hole in an array is no
    // entity. An entity without `query` is one whose parameters are all missing: its own error.
    const list: unknown[] | undefined =
      typeof each === "object" && each !== null && Symbol.iterator in each ? [...each] : undefined;
    if (!list?.every((e) => isObject(e) && typeof (e.query ?? {}) === "object"))
      throw new InvalidParamsError(
        [{ param: "each", message: "must be a list of { query, path? } objects" }],
        { method: "GET", path },
      );
    const entities = (list as Record<string, unknown>[]).map((e) => ({
      ...e,
      query: e.query ?? {},
    })) as { query: Record<string, unknown>; path?: unknown }[];
    for await (const event of walkMany({
      path,
      entities,
      limit,
      maxPages,
      concurrency,
      call,
      stop,
      get: (p, o) => client.get(p as PaginatedPath, o as never),
      pace,
      stats,
    }))
      yield { ...event, params: list[event.entity] } as EntityPage<P>;
  }
  return {
    pages,
    stats,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) {
        if ("error" in page) throw page.error;
        for (const item of page.items) yield { entity: page.entity, params: page.params, item };
      }
    },
  };
}
