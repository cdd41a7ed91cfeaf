import type { ClientOperation } from "@keyapi-tiktok/types";
import { listAt, readCursorPage } from "./cursor-pages.js";
import { InvalidResponseError } from "./errors.js";
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

/**
 * The walk of one query: where it starts, where it must stop (`maxPages`, and `limit` if every
 * page is full, so no page is asked for that could not be used), and how a page is fetched and
 * read. `get` is the client's unwrapped GET of this operation.
 */
export function entityWalk(
  spec: Pagination,
  params: ClientOperation["params"],
  query: Record<string, unknown>,
  { limit, maxPages }: { limit: number; maxPages: number },
  where: object,
  get: (query: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>,
): EntityWalk {
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
  let previous: string | undefined;
  return {
    plan: {
      style: "page",
      first,
      last: Math.min(spec.maxPage, first + maxPages - 1, first + Math.ceil(limit / size) - 1),
      // A short or empty page is the last one.
      isLast: (r) => r.items.length < size,
      // A server that ignores the page number answers every page in full, so no page is ever
      // short: up to the spec's last page (100,000), a credit each. The same page twice in a row
      // is that server; a live list shifts pages by an item or two, never by a whole page at once.
      follows: (page, r) => {
        const seen = previous;
        previous = asText(r.items);
        if (previous && previous === seen)
          return new InvalidResponseError(
            `page ${page} repeats page ${page - 1} item for item: \`${spec.pageParam}\` seems ignored; stopped, not to spend on nothing`,
            where,
          );
      },
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

/** A page's items as text, to tell the same page again; undefined for none that can be written. */
function asText(items: unknown[]): string | undefined {
  // JSON.parse takes records nested 5,000 deep that JSON.stringify cannot write (its stack), and a
  // throw here, inside the scheduler's settle, would be an unhandled rejection: a crashed process.
  try {
    return JSON.stringify(items);
  } catch {
    return undefined;
  }
}
