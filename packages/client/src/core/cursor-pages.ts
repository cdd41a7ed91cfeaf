import { getAt } from "@keyapi-tiktok/types";
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
  // `data.list` in the envelope is `list` in `data`.
  const inData = envelopePath.slice(envelopePath.indexOf(".") + 1);
  return envelopePath.includes(".") ? getAt(data, inData) : data;
}

/** The list at `itemsPath`; a response without one must not end a walk as if it were the last. */
export function listAt(data: unknown, itemsPath: string, where: object): unknown[] {
  const list = valueAt(data, itemsPath);
  if (!Array.isArray(list))
    throw new InvalidResponseError(`no item list at \`${itemsPath}\` in the response`, where);
  return list;
}

/** The longest next position taken (a checkpoint must be able to hold it). */
export const MAX_CURSOR_LENGTH = 16_384;
/** Empty pages in a row that say more follow, before the walk stops spending on nothing. */
export const MAX_EMPTY_PAGES = 3;

/** Where a cursor walk stands: positions asked for, and empty pages in a row. */
export interface CursorState {
  walked: Set<unknown>;
  empty: number;
}

/**
 * One page of a cursor walk: its items and where the next page starts, null when this is the
 * last. It is the last unless the response says, in so many words, that more follow (`has_more`
 * true or 1, when the operation has the flag) and hands back a next position; without a flag,
 * an empty page is the last. What would make the walk spend without end is an error: a position
 * handed back twice, or empty pages in a row that still say more follow. `check` is the cursor
 * parameter's own check: a position it would refuse is the response's fault, said before it is
 * sent back.
 */
export function readCursorPage(
  data: unknown,
  walk: CursorWalk,
  state: CursorState,
  check: (value: unknown) => string,
  where: object,
): PageResult {
  const items = listAt(data, walk.itemsPath, where);
  const next = valueAt(data, walk.nextPath);
  const more =
    walk.hasMorePath === null
      ? items.length > 0
      : [true, 1].includes(valueAt(data, walk.hasMorePath) as never);
  if (!more || next === undefined || next === null || next === "") return { items, next: null };
  const refuse = (why: string) =>
    new InvalidResponseError(`the next position at \`${walk.nextPath}\` ${why}`, where);
  if (typeof next !== "string" && typeof next !== "number")
    throw refuse(`is a ${typeof next}, not a string or number`);
  if (String(next).length > MAX_CURSOR_LENGTH)
    throw refuse(`is longer than ${MAX_CURSOR_LENGTH} characters`);
  const problem = check(next);
  if (problem) throw refuse(`cannot be sent back (${problem})`);
  if (state.walked.has(next)) throw refuse("was already walked: the walk would never end");
  state.empty = items.length ? 0 : state.empty + 1;
  if (state.empty >= MAX_EMPTY_PAGES)
    throw refuse(
      `follows ${MAX_EMPTY_PAGES} empty pages in a row: stopped, not to spend on nothing`,
    );
  state.walked.add(next);
  return { items, next };
}
