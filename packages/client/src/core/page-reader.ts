import { InvalidResponseError } from "./errors.js";
import type { PageResult } from "./page-scheduler.js";

/**
 * Full pages in a row that bring nothing new, and items in them, before a page walk is taken
 * for one that never ends: a live list that outgrows the walk by one page is read through, and
 * one that ignores the page number stops after 3 pages of 10 (30 of size 1), not at 100,000.
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
 * already taken, and ends a page walk that brings nothing new, page after page. A full page is
 * nothing new when it has no id not taken before and its records without an id (all of them,
 * without an id field) are the page before's, item for item. One reader for one entity: its ids
 * and the page before go when the entity ends.
 */
export function pageReader(
  o: PageReading,
): (page: number, result: PageResult) => PageResult | { error: unknown } {
  const ids = new Set<unknown>();
  let previous: string | undefined;
  let stalePages = 0;
  let staleItems = 0;
  return (page, result) => {
    let known = 0;
    // Records without a usable id: only their text can say they are the page before's again.
    const rest: unknown[] = [];
    const items = result.items.filter((item) => {
      const id = o.itemId ? (item as Record<string, unknown> | null)?.[o.itemId] : undefined;
      // Only a number or a non-empty string names one item: a broken record's null, "" or
      // object is no id, and read as one it would make every later broken record a repeat.
      if (!(typeof id === "number" || (typeof id === "string" && id))) rest.push(item);
      else if (!ids.has(id)) ids.add(id);
      else {
        known++;
        o.stats.duplicates++;
        return false;
      }
      return true;
    });
    const taken = { ...result, items };
    const { pages } = o;
    // A short page is the last: only full pages can go on without end.
    if (!pages || result.items.length < pages.size) return taken;
    const text = asText(rest);
    // No id not taken before, and the records without one as on the page before.
    const nothingNew =
      known + rest.length === result.items.length && text !== undefined && text === previous;
    previous = text;
    stalePages = nothingNew ? stalePages + 1 : 0;
    staleItems = nothingNew ? staleItems + result.items.length : 0;
    return stalePages >= STALE_PAGES && staleItems >= STALE_ITEMS
      ? {
          error: new InvalidResponseError(
            `pages ${page - stalePages + 1}–${page} brought nothing new: \`${pages.param}\` seems ignored; stopped, not to spend on nothing`,
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
