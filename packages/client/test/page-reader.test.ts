import { describe, expect, it } from "vitest";
import { InvalidResponseError } from "../src/index.js";
import { pageReader } from "../src/core/page-reader.js";

// pageReader reads one entity's pages in page order: each id once, and a page walk whose full
// pages repeat the page before them, page after page, stopped. Pages here are lists of ids (or records).

type Item = Record<string, unknown> | null;
const page = (...ids: unknown[]): Item[] => ids.map((review_id) => ({ review_id, rating: 5 }));
const range = (from: number, n: number) => page(...Array.from({ length: n }, (_, i) => from + i));
const DEEP = JSON.parse(`${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`) as Item;

/** Reads the pages in turn: items kept of each page, and the page that ended the walk (if any). */
function read(pages: Item[][], { itemId = "review_id" as string | null, size = 10 } = {}) {
  const stats = { duplicates: 0 };
  const next = pageReader({ itemId, pages: { param: "page_num", size }, stats, where: {} });
  const kept: number[] = [];
  for (const [i, items] of pages.entries()) {
    const r = next(i + 1, { items });
    if ("error" in r) {
      expect(r.error).toBeInstanceOf(InvalidResponseError);
      expect((r.error as InvalidResponseError).reason).toBe("repeated-pages");
      return { kept, stoppedAt: i + 1, message: (r.error as Error).message, stats };
    }
    kept.push(r.items.length);
  }
  return { kept, stoppedAt: undefined, message: undefined, stats };
}

describe("pageReader: pages that repeat the page before them", () => {
  // [case, pages, options, items kept per page, the page that stops the walk]
  it.each<[string, Item[][], Parameters<typeof read>[1], number[], number | undefined]>([
    [
      "page 1 every time: stopped at page 4 (30 items)",
      Array(6).fill(range(0, 10)),
      {},
      [10, 0, 0],
      4,
    ],
    [
      "15 items for page_size 10, every time: stopped at page 3",
      Array(6).fill(range(0, 15)),
      {},
      [15, 0],
      3,
    ],
    [
      "page 1 with a field that changes each time (a timestamp)",
      [0, 1, 2, 3].map((t) => range(0, 10).map((r) => ({ ...r, fetched_at: t }))),
      {},
      [10, 0, 0],
      4,
    ],
    [
      "page 1 in another order each time",
      [range(0, 10), range(0, 10).reverse(), range(0, 10), range(0, 10).reverse()],
      {},
      [10, 0, 0],
      4,
    ],
    [
      "pages A, B, A, B, A: each repeats another page, not the one before (not caught)",
      [range(0, 10), range(10, 10), range(0, 10), range(10, 10), range(0, 10)],
      {},
      [10, 10, 0, 0, 0],
      undefined,
    ],
    [
      "size 1, one item every time: 30 pages of it",
      Array(40).fill(range(0, 1)),
      { size: 1 },
      [1, ...Array(29).fill(0)],
      31,
    ],
    ["size 50: two pages of it are enough", Array(4).fill(range(0, 50)), { size: 50 }, [50, 0], 3],
    // Not stopped: a live list, a walk that ends, records without ids.
    [
      "a live list that outgrew the walk by a page, then moved on",
      [range(0, 10), range(0, 10), range(10, 10), range(20, 3)],
      {},
      [10, 0, 10, 3],
      undefined,
    ],
    [
      "a live list that gained 30 items at its head mid-walk: pages 4–6 are pages 1–3 again",
      [0, 10, 20, 0, 10, 20, 30].map((from) => range(from, 10)).concat([range(40, 3)]),
      {},
      [10, 10, 10, 0, 0, 0, 10, 3],
      undefined,
    ],
    [
      "two stale pages of ten (20 items) are not yet 30",
      [range(0, 10), range(0, 10), range(0, 10), range(10, 2)],
      {},
      [10, 0, 0, 2],
      undefined,
    ],
    [
      "size 1, a new item arriving now and then",
      [range(0, 1), range(0, 1), range(1, 1), range(1, 1), range(2, 1)],
      { size: 1 },
      [1, 0, 1, 0, 1],
      undefined,
    ],
    [
      "a short page is the last, however stale",
      [range(0, 10), range(0, 10), range(0, 10), range(0, 9)],
      {},
      [10, 0, 0, 0],
      undefined,
    ],
    // Records without a usable id: only their text tells them apart.
    [
      "the same id-less records page after page are a repeat too",
      Array(6).fill(page(...Array(10).fill(null))),
      {},
      [10, 10, 10],
      4,
    ],
    [
      "id-less records that differ are new",
      [1, 2, 3, 4, 5].map((r) => page(...Array(10).fill(null)).map((x) => ({ ...x, rating: r }))),
      {},
      [10, 10, 10, 10, 10],
      undefined,
    ],
    [
      "page 1 with a broken record in it, every time",
      Array(6).fill([...range(0, 9), { review_id: null }]),
      {},
      [10, 1, 1],
      4,
    ],
    [
      "a record too deep to write as text among known ids is never a repeat",
      Array(5).fill([...range(0, 9), DEEP]),
      {},
      [10, 1, 1, 1, 1],
      undefined,
    ],
    // Without an id field: the page before, item for item.
    [
      "no id field: the same page again and again",
      Array(6).fill(range(0, 10)),
      { itemId: null },
      [10, 10, 10],
      4,
    ],
    [
      "no id field: the same ids with other values are new",
      [0, 1, 2, 3, 4].map((t) => range(0, 10).map((r) => ({ ...r, t }))),
      { itemId: null },
      [10, 10, 10, 10, 10],
      undefined,
    ],
    [
      "no id field: records too deep to write as text are never a repeat",
      Array(5).fill(Array(10).fill(DEEP)),
      { itemId: null },
      [10, 10, 10, 10, 10],
      undefined,
    ],
  ])("%s", (_case, pages, options, kept, stoppedAt) => {
    const got = read(pages, options);
    expect(got.kept).toEqual(kept);
    expect(got.stoppedAt).toBe(stoppedAt);
    if (stoppedAt)
      expect(got.message).toMatch(
        new RegExp(
          `^pages \\d+–${stoppedAt} repeat the page before them: \`page_num\` seems ignored`,
        ),
      );
  });

  it("each id once across pages, counted as duplicates; a broken record's id is no id", () => {
    const got = read([page("a", "b", null, ""), page("b", "c", null, "")], { size: 10 });
    expect(got.kept).toEqual([4, 3]);
    expect(got.stats.duplicates).toBe(1);
  });
});
