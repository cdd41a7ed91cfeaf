import { describe, expect, it } from "vitest";
import { readCursorPage, type CursorWalk } from "../src/core/cursor-pages.js";
import { InvalidResponseError } from "../src/core/errors.js";
import { schedulePages } from "../src/core/page-scheduler.js";

const walk: CursorWalk = {
  nextPath: "data.next_offset",
  hasMorePath: "data.has_more",
  itemsPath: "data.items",
};
const where = { method: "GET", path: "/x" };
/** The cursor parameter's own check, as generated for an integer `offset` up to 2^31. */
const check = (v: unknown) =>
  !Number.isInteger(v) && typeof v !== "string" ? "expected integer or token" : "";

/** Walks scripted responses (each a `data`) as the client does, recording the positions asked. */
async function walkScript(responses: unknown[], w: CursorWalk = walk, maxPages = Infinity) {
  const asked: unknown[] = [];
  const pages: { page: number; items: number; next: unknown }[] = [];
  const state = { walked: new Set<unknown>([undefined]), empty: 0 };
  const events = schedulePages({
    entities: 1,
    plan: () => ({ style: "cursor", first: 1, last: maxPages, isLast: (r) => r.next === null }),
    fetch: async (_e, _page, cursor) => {
      asked.push(cursor);
      return readCursorPage(responses[asked.length - 1], w, state, check, where);
    },
    width: () => Infinity,
    cap: 8,
    stats: { pastEnd: 0 },
  });
  for await (const e of events) {
    if ("error" in e) return { asked, pages, error: e.error };
    pages.push({ page: e.page, items: e.result.items.length, next: e.result.next });
  }
  return { asked, pages, error: undefined };
}
const data = (items: number, next?: unknown, more?: unknown) => ({
  items: Array.from({ length: items }, (_, i) => i),
  ...(next !== undefined ? { next_offset: next } : {}),
  ...(more !== undefined ? { has_more: more } : {}),
});

describe("a cursor walk asks at the position each page hands back, and ends when told", () => {
  // [case, responses, walk, positions asked, error]
  it.each<[string, unknown[], CursorWalk, unknown[], RegExp | undefined]>([
    [
      "has_more false ends it",
      [data(2, 2, true), data(2, 4, false)],
      walk,
      [undefined, 2],
      undefined,
    ],
    ["has_more 0 ends it", [data(2, 2, 1), data(1, 3, 0)], walk, [undefined, 2], undefined],
    ["no next position ends it", [data(2, 2, true), data(2)], walk, [undefined, 2], undefined],
    ["a null next ends it", [data(2, null, true)], walk, [undefined], undefined],
    ["an empty string next ends it", [data(2, "", true)], walk, [undefined], undefined],
    [
      "without a flag, an empty page ends it",
      [data(2, 2), data(0, 4)],
      { ...walk, hasMorePath: null },
      [undefined, 2],
      undefined,
    ],
    [
      "with has_more true, an empty page does not",
      [data(0, "t1", true), data(1, "t2", false)],
      walk,
      [undefined, "t1"],
      undefined,
    ],
    [
      "a position handed back twice is an error, not a loop",
      [data(1, 5, true), data(1, 9, true), data(1, 5, true)],
      walk,
      [undefined, 5, 9],
      /was already walked: the walk would never end/,
    ],
    [
      "a next position that is an object is an error",
      [data(1, { page: 2 }, true)],
      walk,
      [undefined],
      /is a object, not a string or number/,
    ],
    ['has_more "false" (a string) ends it', [data(2, 2, "false")], walk, [undefined], undefined],
    ["has_more null ends it", [data(2, 2, null)], walk, [undefined], undefined],
    [
      "empty pages in a row that say more follow: stopped at the third",
      [data(0, "a", true), data(0, "b", true), data(0, "c", true), data(0, "d", true)],
      walk,
      [undefined, "a", "b"],
      /follows 3 empty pages in a row/,
    ],
    [
      "a next position of 16,385 characters",
      [data(1, "x".repeat(16_385), true)],
      walk,
      [undefined],
      /longer than 16384 characters/,
    ],
    [
      "a page without its list is an error",
      [{ next_offset: 2 }],
      walk,
      [undefined],
      /no item list/,
    ],
  ])("%s", async (_case, responses, w, asked, error) => {
    const r = await walkScript(responses, w);
    expect(r.asked).toEqual(asked);
    if (error) {
      expect(r.error).toBeInstanceOf(InvalidResponseError);
      expect((r.error as Error).message).toMatch(error);
    } else {
      expect(r.error).toBeUndefined();
      expect(r.pages.at(-1)!.next).toBeNull();
      expect(r.pages.map((p) => p.page)).toEqual(asked.map((_, i) => i + 1));
    }
  });

  it("maxPages stops it with the next position kept on the last page", async () => {
    const r = await walkScript([data(2, 2, true), data(2, 4, true), data(2, 6, true)], walk, 2);
    expect(r.asked).toEqual([undefined, 2]);
    expect(r.pages.at(-1)).toEqual({ page: 2, items: 2, next: 4 });
  });

  it("asks for nothing more once the caller stops reading", async () => {
    const asked: unknown[] = [];
    const events = schedulePages({
      entities: 1,
      plan: () => ({ style: "cursor", first: 1, last: Infinity, cursor: 0, isLast: () => false }),
      fetch: async (_e, _p, cursor) => {
        asked.push(cursor);
        return { items: [1], next: Number(cursor) + 1 };
      },
      width: () => Infinity,
      cap: 8,
      stats: { pastEnd: 0 },
    });
    for await (const _ of events) break;
    await new Promise((r) => setTimeout(r, 20));
    expect(asked).toEqual([0]);
  });
});

describe("a position the cursor parameter cannot carry is the response's fault, said before sending", () => {
  it("an integer offset handed back as 19 digits (kept exact as a string) is refused", () => {
    const integerOnly = (v: unknown) => (Number.isInteger(v) ? "" : "expected integer");
    const read = () =>
      readCursorPage(
        { items: [1], next_offset: "7234567890123456781", has_more: true },
        walk,
        { walked: new Set(), empty: 0 },
        integerOnly,
        where,
      );
    expect(read).toThrow(InvalidResponseError);
    expect(read).toThrow(/cannot be sent back \(expected integer\)/);
  });
});
