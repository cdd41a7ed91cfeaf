import { createQuerySerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { flatQuery } from "../src/core/flat-query.js";

// The direct road builds a flat query itself; openapi-fetch's serialiser is the reference.
const reference = createQuerySerializer();
const inherited = Object.assign(Object.create({ page_num: 2 }), { product_id: "1" });

describe("flatQuery matches openapi-fetch's default serialiser", () => {
  // [case, query]
  it.each<[string, Record<string, unknown>]>([
    ["a KeyAPI query", { product_id: "1729471493154312768", page_num: 1, page_size: 10 }],
    ["characters encodeURIComponent escapes", { q: "a b'c&d=e/é#f?g+%;,~*()!" }],
    ["an emoji and CJK", { q: "🙂中文" }],
    ["undefined and null left out", { a: undefined, b: null, c: "x", d: undefined }],
    ["nothing left", { a: undefined }],
    ["empty", {}],
    ["an empty string kept", { a: "" }],
    ["numbers", { a: 0, b: -0, c: 1e21, d: 1.5, e: NaN, f: Infinity }],
    ["booleans", { yes: true, no: false }],
    ["a bigint", { id: 12345678901234567890n }],
    ["names as given", { "a b": "1", é: "2" }],
    ["inherited keys, as for…in reads them", inherited],
  ])("%s", (_case, query) => {
    expect(flatQuery(query)).toBe(reference(query));
  });

  // Styles stay openapi-fetch's: the direct road then uses its serialiser.
  it.each<[string, Record<string, unknown>]>([
    ["an array", { ids: ["1", "2"] }],
    ["an empty array", { ids: [], a: "1" }],
    ["an object", { filter: { a: 1 } }],
    ["a date", { at: new Date(0) }],
  ])("%s: not flat", (_case, query) => {
    expect(flatQuery(query)).toBeUndefined();
  });
});
