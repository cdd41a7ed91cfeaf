import { InvalidResponseError } from "./errors.js";

/** A cursor walk as the generated table states it (see `CursorPaginationSpec`). */
export interface CursorWalk {
  cursorParam: string;
  nextPath: string;
  hasMorePath: string | null;
  itemsPath: string;
}

/** One page of a cursor walk: its ordinal, its items, the position it was asked at and the next. */
export interface CursorPage {
  page: number;
  items: unknown[];
  cursor: string | number | undefined;
  /** Where the page after this one starts; null when this is the last. */
  next: string | number | null;
}

/** The value at an envelope path (`data.list`) in a response's `data` (the client unwrapped it). */
export function valueAt(data: unknown, envelopePath: string): unknown {
  return envelopePath
    .split(".")
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], data);
}

/** The list at `itemsPath`; a response without one must not end a walk as if it were the last. */
export function listAt(data: unknown, itemsPath: string, where: object): unknown[] {
  const list = valueAt(data, itemsPath);
  if (!Array.isArray(list))
    throw new InvalidResponseError(`no item list at \`${itemsPath}\` in the response`, where);
  return list;
}

/**
 * Pages one after another, each asked at the position the one before handed back: there is no
 * window, since the next request is known only once the last response is in. Ends when the
 * response says no more follow (`has_more` false), hands back no next position, or (with no
 * such flag) returns an empty page; a position handed back twice is an error, not a loop.
 */
export async function* cursorPages(
  walk: CursorWalk,
  start: string | number | undefined,
  maxPages: number,
  fetchData: (cursor: string | number | undefined) => Promise<unknown>,
  where: object,
): AsyncGenerator<CursorPage> {
  const walked = new Set<unknown>([start]);
  let cursor = start;
  for (let page = 1; page <= maxPages; page++) {
    const data = await fetchData(cursor);
    const items = listAt(data, walk.itemsPath, where);
    const next = valueAt(data, walk.nextPath);
    const more = walk.hasMorePath === null ? undefined : valueAt(data, walk.hasMorePath);
    const last =
      more === false ||
      more === 0 ||
      next === undefined ||
      next === null ||
      next === "" ||
      (more === undefined && items.length === 0);
    if (!last) {
      if (typeof next !== "string" && typeof next !== "number")
        throw new InvalidResponseError(
          `the next position at \`${walk.nextPath}\` is a ${typeof next}, not a string or number`,
          where,
        );
      if (walked.has(next))
        throw new InvalidResponseError(
          `the response hands back a position already walked at \`${walk.nextPath}\`: the walk would never end`,
          where,
        );
      walked.add(next);
    }
    yield { page, items, cursor, next: last ? null : (next as string | number) };
    if (last) return;
    cursor = next as string | number;
  }
}
