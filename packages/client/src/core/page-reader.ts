import { InvalidResponseError } from "./errors.js";
import type { PageResult } from "./page-scheduler.js";

/**
 * Full pages in a row that repeat the page before them, and items in them, before a page walk is
 * taken for one that never ends: a server that ignores the page number stops after 3 pages of 10
 * (30 of size 1), not at 100,000.
 */
const STALE_PAGES = 2;
const STALE_ITEMS = 30;

export interface PageReading {
  /** The id field (`x-sdk-item-id`): each id once, and pages told apart by their ids. */
  itemId: string | null | undefined;
  /** Page walks: the page parameter (for the message) and the page size asked for. */
  pages?: { param: string; size: number };
  stats: { duplicates: number };
  where: object;
}

/**
 * Reads one entity's pages in page order, the last one too: drops items whose id the walk has
 * already taken, and ends a page walk whose full pages repeat the page before them, page after
 * page: the same ids in any order (a timestamp or a signed URL in them may change on every
 * answer), and the same records without an id (all of them, without an id field), item for
 * item. The page before, not any page before: a live list that gains 30 items at its head
 * shifts pages by three, and each page then repeats another one. One reader for one entity: its
 * ids and the page before go when the entity ends.
 */
export function pageReader(
  o: PageReading,
): (page: number, result: PageResult) => PageResult | { error: unknown } {
  const ids = new Set<unknown>();
  let previous: string | undefined;
  let stalePages = 0;
  let staleItems = 0;
  return (page, result) => {
    // This page's ids, and its records without a usable id (only their text tells them apart).
    const pageIds: unknown[] = [];
    const rest: unknown[] = [];
    const items = result.items.filter((item) => {
      const id = o.itemId ? (item as Record<string, unknown> | null)?.[o.itemId] : undefined;
      // Only a number or a non-empty string names one item: a broken record's null, "" or
      // object is no id, and read as one it would make every later broken record a repeat.
      if (!(typeof id === "number" || (typeof id === "string" && id))) {
        rest.push(item);
        return true;
      }
      pageIds.push(id);
      if (ids.has(id)) {
        o.stats.duplicates++;
        return false;
      }
      ids.add(id);
      return true;
    });
    const taken = { ...result, items };
    const { pages } = o;
    // A short page is the last: only full pages can go on without end.
    if (!pages || result.items.length < pages.size) return taken;
    // Ids are compared as a set: a server that ignores the page number may still shuffle.
    const text = asText([pageIds.sort(), rest]);
    const nothingNew = text !== undefined && text === previous;
    previous = text;
    stalePages = nothingNew ? stalePages + 1 : 0;
    staleItems = nothingNew ? staleItems + result.items.length : 0;
    return stalePages >= STALE_PAGES && staleItems >= STALE_ITEMS
      ? {
          error: new InvalidResponseError(
            `pages ${page - stalePages + 1}–${page} repeat the page before them: \`${pages.param}\` seems ignored; stopped, not to spend on nothing`,
            { ...o.where, reason: "repeated-pages" },
          ),
        }
      : taken;
  };
}

/** A page's items as text; undefined for records JSON.stringify cannot write. */
function asText(items: unknown[]): string | undefined {
  // JSON.parse takes records nested 5,000 deep that JSON.stringify cannot write (its stack), and a
  // throw here, inside the scheduler's settle, would be an unhandled rejection: a crashed process.
  try {
    return JSON.stringify(items);
  } catch {
    return undefined;
  }
}
