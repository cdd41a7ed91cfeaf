import type { ClientOperation } from "@keyapi-tiktok/types";
import { listAt, readCursorPage } from "./cursor-pages.js";
import { pageReader } from "./page-reader.js";
import type { PageResult, WalkPlan } from "./page-scheduler.js";

/** An operation's pagination as the client's table states it. */
export type Pagination = NonNullable<ClientOperation["pagination"]>;

/** One entity's walk: its plan, and how to fetch one of its pages. */
export interface EntityWalk {
  plan: WalkPlan;
  fetch(
    page: number,
    cursor: string | number | undefined,
    signal: AbortSignal,
  ): Promise<PageResult>;
}

export interface EntityWalkOptions {
  spec: Pagination;
  params: ClientOperation["params"];
  query: Record<string, unknown>;
  limit: number;
  maxPages: number;
  /** The operation, for errors. */
  where: object;
  /** The client's unwrapped GET of this operation. */
  get: (query: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;
  stats: { duplicates: number };
}

/**
 * The walk of one query: where it starts, where it must stop (`maxPages`, and `limit` if every
 * page is full, so no page is asked for that could not be used), and how a page is fetched and
 * read (each id once; a page walk whose pages repeat the page before them, stopped).
 */
export function entityWalk({
  spec,
  params,
  query,
  limit,
  maxPages,
  where,
  get,
  stats,
}: EntityWalkOptions): EntityWalk {
  if (spec.style === "cursor") {
    const size = spec.sizeParam
      ? { [spec.sizeParam]: (query[spec.sizeParam] as number | undefined) ?? spec.maxPageSize }
      : {};
    const start =
      (query[spec.cursorParam] as string | number | undefined) ?? spec.firstCursor ?? undefined;
    // Positions asked for so far: one handed back again would walk in a circle.
    const state = { walked: new Set<unknown>([start]), empty: 0 };
    const check = params.find((p) => p.name === spec.cursorParam)?.check ?? (() => "");
    return {
      plan: {
        style: "cursor",
        first: 1,
        last: limit === 0 ? 0 : maxPages,
        cursor: start,
        isLast: (r) => r.next === null,
        follows: pageReader({ itemId: spec.itemId, stats, where }),
      },
      fetch: async (_page, cursor, signal) =>
        readCursorPage(
          await get(
            cursor === undefined
              ? { ...query, ...size }
              : { ...query, ...size, [spec.cursorParam]: cursor },
            signal,
          ),
          spec,
          state,
          check,
          where,
        ),
    };
  }
  const size = (query[spec.sizeParam] as number | undefined) ?? spec.maxPageSize;
  const first = (query[spec.pageParam] as number | undefined) ?? spec.firstPage;
  return {
    plan: {
      style: "page",
      first,
      last: Math.min(spec.maxPage, first + maxPages - 1, first + Math.ceil(limit / size) - 1),
      // A short or empty page is the last one.
      isLast: (r) => r.items.length < size,
      follows: pageReader({
        itemId: spec.itemId,
        pages: { param: spec.pageParam, size },
        stats,
        where,
      }),
    },
    fetch: async (page, _cursor, signal) => ({
      items: listAt(
        await get({ ...query, [spec.pageParam]: page, [spec.sizeParam]: size }, signal),
        spec.itemsPath,
        where,
      ),
    }),
  };
}
