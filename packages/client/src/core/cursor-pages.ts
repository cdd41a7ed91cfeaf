import { InvalidResponseError } from "./errors.js";
import type { PageResult } from "./page-scheduler.js";

/** A cursor walk as the generated table states it (see `CursorPaginationSpec`). */
export interface CursorWalk {
  nextPath: string;
  hasMorePath: string | null;
  itemsPath: string;
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
 * One page of a cursor walk: its items and where the next page starts, null when this is the
 * last. It is the last when the response says no more follow (`has_more` false), hands back no
 * next position, or (with no such flag) holds no items. A position handed back twice is an
 * error, not an endless walk: `walked` holds those already asked for.
 */
export function readCursorPage(
  data: unknown,
  walk: CursorWalk,
  walked: Set<unknown>,
  where: object,
): PageResult {
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
  if (last) return { items, next: null };
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
  return { items, next };
}
