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
        parameters: query.map((name) => ({ name, in: "query", schema: { type: "integer" } })),
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
    ["no paging parameter: a plain call", ["product_id"], list, {}, undefined],
    [
      "an offset (the real-time operations)",
      ["product_id", "offset"],
      { type: "object", properties: { review_items: list } },
      {},
      /takes `offset`, a paging style no convention here walks/,
    ],
    ["a cursor", ["cursor", "count"], list, {}, /takes `cursor`, `count`/],
    ["half the pair", ["page_num"], list, {}, /takes `page_num` without its pair/],
    [
      "the pair, but two lists in data",
      ["page_num", "page_size"],
      { type: "object", properties: { a: list, b: list } },
      {},
      /items are not `data` or one list in it \(lists: a, b\)/,
    ],
    ["opted out with x-pagination: false", ["offset"], list, { "x-pagination": false }, undefined],
  ])("%s", (_case, query, data, extra, reason) => {
    const doc = spec(query, data, extra);
    const [op] = listOperations(doc);
    const why = unpagedReason(doc, op!);
    if (reason) expect(why).toMatch(reason);
    else expect(why).toBeUndefined();
    // Never both: a paged operation has no reason, an unpaged one is not walked.
    if (why) expect(paginationOf(doc, op!)).toBeNull();
  });
});
