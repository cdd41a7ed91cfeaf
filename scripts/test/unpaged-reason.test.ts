import { describe, expect, it } from "vitest";
import { listOperations, type Json } from "../src/codegen/openapi-model.js";
import { paginationOf, unpagedReason } from "../src/codegen/pagination.js";

/** A one-operation spec: its query parameters, and the `data` of its 200 envelope. */
const spec = (query: string[], data: Json, extra: Json = {}): Json => ({
  openapi: "3.0.1",
  info: { title: "t", version: "1" },
  paths: {
    "/v1/tiktok/x": {
      get: {
        ...extra,
        // A cursor or token is a string, anything else an integer, as the vendor types them.
        parameters: query.map((name) => ({
          name,
          in: "query",
          schema: { type: /cursor|token|after/.test(name) ? "string" : "integer" },
        })),
        responses: {
          "200": {
            description: "ok",
            content: {
              "application/json": {
                schema: { type: "object", properties: { code: { type: "integer" }, data } },
              },
            },
          },
        },
      },
    },
  },
});
const list = { type: "array", items: { type: "object" } };

describe("an operation that looks paged but matches no style is named with the reason", () => {
  // [case, query parameters, data schema, extra operation fields, the reason (undefined: none)]
  it.each<[string, string[], Json, Json, RegExp | undefined]>([
    ["the vendor's page pair and a list: paged", ["page_num", "page_size"], list, {}, undefined],
    ["no paging parameter: a plain call, not paged", ["product_id"], list, {}, undefined],
    [
      "an offset whose next one the response does not return",
      ["product_id", "offset"],
      { type: "object", properties: { review_items: list } },
      {},
      /takes `offset` but its response returns no next one of its type \(looked for `data.next_offset`\)/,
    ],
    [
      "an offset the response echoes: maybe the one sent, so not taken for the next",
      ["offset"],
      { type: "object", properties: { offset: { type: "integer" }, items: list } },
      {},
      /takes `offset` but its response returns no next one/,
    ],
    [
      "an offset and the next one in data: paged",
      ["product_id", "offset"],
      { type: "object", properties: { next_offset: { type: "integer" }, review_items: list } },
      {},
      undefined,
    ],
    [
      "a cursor handed back as `cursor`, with has_more: paged",
      ["cursor", "count"],
      {
        type: "object",
        properties: { cursor: { type: "string" }, has_more: { type: "boolean" }, videos: list },
      },
      {},
      undefined,
    ],
    ["a cursor and a bare list", ["cursor", "count"], list, {}, /takes `cursor` but its response/],
    [
      "two cursors",
      ["cursor", "offset"],
      { type: "object", properties: { next_offset: { type: "integer" }, items: list } },
      {},
      /takes `cursor`, `offset`: which one pages is not clear/,
    ],
    [
      "a cursor, its next one, but two lists",
      ["offset"],
      { type: "object", properties: { next_offset: { type: "integer" }, a: list, b: list } },
      {},
      /items are not one list in `data`/,
    ],
    [
      "an integer offset whose next one is a string: could not be sent back",
      ["offset"],
      { type: "object", properties: { next_offset: { type: "string" }, items: list } },
      {},
      /no next one of its type/,
    ],
    ["a `start` (not a convention here)", ["start"], list, {}, /takes `start`, a paging style/],
    ["half the pair", ["page_num"], list, {}, /takes `page_num` without its pair/],
    [
      "the pair, but two lists in data",
      ["page_num", "page_size"],
      { type: "object", properties: { a: list, b: list } },
      {},
      /items are not `data` or one list in it \(lists: a, b\)/,
    ],
    [
      "opted out with x-pagination: false, not paged",
      ["offset"],
      list,
      { "x-pagination": false },
      undefined,
    ],
  ])("%s", (_case, query, data, extra, reason) => {
    const doc = spec(query, data, extra);
    const [op] = listOperations(doc);
    const why = unpagedReason(doc, op!);
    if (reason) expect(why).toMatch(reason);
    else expect(why).toBeUndefined();
    // Exactly one: a paged operation has no reason, an operation with a reason is not walked.
    const paged = /: paged$/.test(_case);
    expect(paginationOf(doc, op!) !== null, "walked").toBe(paged);
    if (paged) expect(why).toBeUndefined();
  });
});

describe("what the cursor convention finds", () => {
  const data = (next: string, more?: string, type = "string") => ({
    type: "object",
    properties: {
      [next]: { type },
      ...(more ? { [more]: { type: "boolean" } } : {}),
      items: list,
    },
  });
  // [case, query, data, extra, the walk it finds]
  it.each<[string, string[], Json, Json, Json]>([
    [
      "offset → next_offset, no flag, no size",
      ["offset"],
      data("next_offset", undefined, "integer"),
      {},
      { cursorParam: "offset", nextPath: "data.next_offset", hasMorePath: null, sizeParam: null },
    ],
    [
      "max_cursor echoed, has_more, count as the size",
      ["max_cursor", "count"],
      data("max_cursor", "has_more"),
      {},
      { nextPath: "data.max_cursor", hasMorePath: "data.has_more", sizeParam: "count" },
    ],
    [
      "page_token → next_page_token, limit as the size",
      ["page_token", "limit"],
      data("next_page_token", "has_next"),
      {},
      { cursorParam: "page_token", hasMorePath: "data.has_next", sizeParam: "limit" },
    ],
    [
      "stated by the overlay: names no convention would find",
      ["after"],
      data("continuation"),
      { "x-pagination": { style: "cursor", cursorParam: "after", nextPath: "data.continuation" } },
      { cursorParam: "after", nextPath: "data.continuation", source: "overlay" },
    ],
  ])("%s", (_case, query, d, extra, walk) => {
    const doc = spec(query, d, extra);
    const [op] = listOperations(doc);
    expect(paginationOf(doc, op!)).toMatchObject({
      style: "cursor",
      itemsPath: "data.items",
      maxPageSize: 10,
      firstCursor: null,
      ...walk,
    });
  });

  it("a required cursor with a default starts there", () => {
    const doc = spec(["offset"], data("next_offset", undefined, "integer"));
    const param = ((doc.paths as Json)["/v1/tiktok/x"] as any).get.parameters[0];
    Object.assign(param, { required: true, schema: { type: "integer", minimum: 1 } });
    const [op] = listOperations(doc);
    expect(paginationOf(doc, op!)).toMatchObject({ firstCursor: 1 });
  });
});

describe("an x-pagination the client would misread is refused by the generator", () => {
  const doc = (stated: Json) =>
    spec(
      ["cursor", "count"],
      { type: "object", properties: { cursor: { type: "string" }, items: list } },
      { "x-pagination": stated },
    );
  // [case, x-pagination, message]
  it.each<[string, Json, RegExp]>([
    ["a style with a typo", { style: "Cursor" }, /style must be page or cursor, got "Cursor"/],
    [
      "a next path outside data",
      { style: "cursor", cursorParam: "cursor", nextPath: "meta.next_cursor" },
      /nextPath must be `data` or a path in it/,
    ],
    [
      "data itself as the next position",
      { style: "cursor", cursorParam: "cursor", nextPath: "data" },
      /nextPath must be a path inside `data`/,
    ],
    [
      "a cursor parameter the operation does not take",
      { style: "cursor", cursorParam: "after", nextPath: "data.cursor" },
      /cursorParam `after` is not a query parameter/,
    ],
    [
      "a page size that is not a number",
      { style: "cursor", cursorParam: "cursor", nextPath: "data.cursor", maxPageSize: "big" },
      /maxPageSize must be a whole number ≥ 1, got "big"/,
    ],
    [
      "a first page that is not a number",
      { firstPage: "abc" },
      /firstPage must be a whole number ≥ 0, got "abc"/,
    ],
    ["a negative first page", { firstPage: -1 }, /firstPage must be a whole number ≥ 0, got -1/],
    [
      "a last page before the first",
      { firstPage: 5, maxPage: 2 },
      /maxPage must be a whole number ≥ 5, got 2/,
    ],
    ["a last page past 2^53", { maxPage: 2 ** 60 }, /maxPage must be a whole number ≥ 1/],
    [
      "a page parameter that is no name",
      { pageParam: 1 },
      /pageParam must be a parameter's name, got 1/,
    ],
    [
      "a first cursor that is not a finite number (YAML's .nan)",
      { style: "cursor", cursorParam: "cursor", nextPath: "data.cursor", firstCursor: NaN },
      /firstCursor must be a string or a finite number, got NaN/,
    ],
    [
      "a page size past what JSON holds",
      { maxPageSize: Infinity },
      /maxPageSize must be a whole number ≥ 1, got Infinity/,
    ],
    [
      "one parameter for both the position and the size",
      { style: "cursor", cursorParam: "cursor", sizeParam: "cursor", nextPath: "data.cursor" },
      /cursorParam and sizeParam are both `cursor`/,
    ],
    [
      "the page parameter named like the default size",
      { pageParam: "count", sizeParam: "count" },
      /pageParam and sizeParam are both `count`/,
    ],
    [
      "a page walk of an operation without the default page parameter",
      {},
      /pageParam `page_num` \(the default\) is not a query parameter of the operation/,
    ],
    [
      "a page walk stating its page parameter but not its size",
      { pageParam: "cursor" },
      /sizeParam `page_size` \(the default\) is not a query parameter of the operation/,
    ],
    [
      "a first cursor that is an object",
      { style: "cursor", cursorParam: "cursor", nextPath: "data.cursor", firstCursor: {} },
      /firstCursor must be a string or a finite number, got \{\}/,
    ],
  ])("%s", (_case, stated, message) => {
    const d = doc(stated);
    const [op] = listOperations(d);
    expect(() => paginationOf(d, op!)).toThrow(message);
  });
});
