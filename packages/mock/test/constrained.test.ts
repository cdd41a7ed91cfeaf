import { Ajv } from "ajv";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { constrained, fits } from "../src/core/constrained.js";
import { item } from "../src/core/dataset.js";
import { synth } from "../src/core/synth.js";

// What a response's scalar schemas may demand beyond a type: every value the mock makes for them
// passes a JSON Schema validator with formats (ajv-formats, stricter than the generated validators,
// which check no format). Schemas of our own, named as the vendor names fields, so that the mock's
// guesses from a name (an id, a time, a text) meet the schema's rules.
const ajv = formats.default(new Ajv({ strict: false }));

// [case, property name, OpenAPI schema, the same as JSON Schema when the dialects differ]
const CASES: [string, string, object, object?][] = [
  ["a pattern", "region", { type: "string", pattern: "^[A-Z]{2}$" }],
  ["a pattern on an id", "shop_id", { type: "string", pattern: "^s-[a-f0-9]{6}$" }],
  ["a pattern on a text", "comment_text", { type: "string", pattern: "^[a-z ]+\\.$" }],
  ["maxLength on a text (emoji count as one)", "content", { type: "string", maxLength: 10 }],
  ["minLength", "name", { type: "string", minLength: 30 }],
  ["a pattern and a maxLength", "code", { type: "string", pattern: "^x+$", maxLength: 3 }],
  ["format date-time", "updated", { type: "string", format: "date-time" }],
  ["format date on a time-named field", "create_time", { type: "string", format: "date" }],
  ["format email", "contact", { type: "string", format: "email" }],
  ["format uri", "cover_url", { type: "string", format: "uri" }],
  ["format uuid on an id", "request_id", { type: "string", format: "uuid" }],
  ["format ipv4", "ip", { type: "string", format: "ipv4" }],
  ["format byte", "blob", { type: "string", format: "byte" }],
  ["a maximum below zero", "delta", { type: "integer", maximum: -5 }],
  ["a minimum above the default span", "followers", { type: "integer", minimum: 10_000 }],
  ["an id typed as a number, bounded", "item_id", { type: "integer", maximum: 999 }],
  ["multipleOf", "step", { type: "integer", minimum: 1, multipleOf: 7 }],
  ["a fractional multipleOf on an integer", "even", { type: "integer", multipleOf: 0.5 }],
  ["multipleOf on a number", "price", { type: "number", multipleOf: 0.25, maximum: 10 }],
  [
    "exclusive bounds, OpenAPI 3.0 flags",
    "ratio",
    { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
    { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
  ],
  ["exclusive bounds, 3.1 numbers", "score", { type: "integer", exclusiveMinimum: 4 }],
  ["a hinted field with bounds it breaks", "rating", { type: "integer", minimum: 10, maximum: 20 }],
  ["a time in seconds, bounded", "review_timestamp", { type: "integer", minimum: 0, maximum: 100 }],
  // From a hostile review: rules that meet other rules.
  [
    "a pattern and a minLength past its usual length",
    "code",
    { type: "string", pattern: "^[0-9]+$", minLength: 10 },
  ],
  [
    "a bounded repetition and a shorter maxLength",
    "tag",
    { type: "string", pattern: "^[a-z]{1,100}$", maxLength: 5 },
  ],
  ["a decimal multipleOf", "share", { type: "number", multipleOf: 0.1, minimum: 0, maximum: 100 }],
  ["a cent multipleOf", "amount", { type: "number", multipleOf: 0.01, minimum: 0, maximum: 100 }],
  ["an integer multiple of 0.7", "slot", { type: "integer", multipleOf: 0.7 }],
  [
    "3.1: a maximum tighter than exclusiveMaximum",
    "low",
    { type: "number", maximum: -500, exclusiveMaximum: 2000 },
  ],
  [
    "3.1: a minimum tighter than exclusiveMinimum",
    "high",
    { type: "integer", minimum: 500, exclusiveMinimum: 2 },
  ],
  [
    "a null-first type list, a pattern on an id",
    "shop_id",
    { type: ["null", "string"], pattern: "^[A-Z]{3}$" },
  ],
  [
    "a null-first type list on a time",
    "create_time",
    { type: ["null", "string"], format: "date-time" },
  ],
  ["rules beside a oneOf", "short", { maxLength: 3, oneOf: [{ type: "string" }] }],
  ["rules beside an anyOf", "big", { minimum: 10, anyOf: [{ type: "integer" }] }],
  ["a const", "kind", { type: "string", const: "review" }],
  // From a second review: a number's format bounds it.
  ["an int32 time", "create_time", { type: "integer", format: "int32" }],
  ["an int32 id", "shop_id", { type: "integer", format: "int32", minimum: 0 }],
  // From a third review.
  [
    "an int32 with a fractional step",
    "slot",
    { type: "integer", format: "int32", multipleOf: 0.7 },
  ],
  ["an int32 on a number: whole", "ratio", { type: "number", format: "int32" }],
  ["an int64 on a number: whole", "total", { type: "number", format: "int64", maximum: 50 }],
  [
    "an int32 just under its top",
    "top",
    { type: "integer", format: "int32", minimum: 2 ** 31 - 9 },
  ],
  // From a second review.
  [
    "a looser rule in the oneOf's alternative",
    "brief",
    { maxLength: 3, oneOf: [{ type: "string", maxLength: 50 }] },
  ],
  [
    "two maxima in an allOf: the tighter",
    "cap",
    { type: "integer", allOf: [{ maximum: 10 }, { maximum: 100_000 }] },
  ],
  [
    "a pattern anchored at its start, and a minLength",
    "link",
    { type: "string", pattern: "^https://", minLength: 20 },
  ],
  ["a rating hint on a field typed as text", "rating", { type: "string", maxLength: 1 }],
  // From a third review.
  [
    "a list that requires two items",
    "tags",
    { type: "array", minItems: 2, items: { type: "string" } },
  ],
  [
    "two types in an allOf: the one both allow",
    "whole",
    { allOf: [{ type: "integer" }, { type: "number", maximum: 100 }] },
  ],
  [
    "two steps in an allOf: a multiple of both",
    "pair",
    { type: "integer", allOf: [{ multipleOf: 2 }, { multipleOf: 3 }] },
  ],
];

const objectOf = (name: string, schema: object) => ({
  type: "object",
  required: [name],
  properties: { [name]: schema },
  "x-sdk-mock": { rating: "rating" },
});

describe("the mock's values meet every rule of their schema", () => {
  it.each(CASES)("%s (dataset items)", (_case, name, schema, json = schema) => {
    const check = ajv.compile(objectOf(name, json));
    const values = new Set<unknown>();
    for (let i = 0; i < 40; i++) {
      const made = item(objectOf(name, schema), { seed: "s", id: "1", i }, {}) as Record<
        string,
        unknown
      >;
      expect(check(made), `${JSON.stringify(made)}: ${ajv.errorsText(check.errors)}`).toBe(true);
      values.add(made[name]);
    }
    // Still a dataset, not one value forty times (a pattern of two letters has room for that).
    if (!("const" in schema)) expect(values.size).toBeGreaterThan(1);
  });

  it.each(CASES)("%s (synthetic bodies)", (_case, name, schema, json = schema) => {
    const check = ajv.compile(objectOf(name, json));
    const made = synth({}, objectOf(name, schema));
    expect(check(made), `${JSON.stringify(made)}: ${ajv.errorsText(check.errors)}`).toBe(true);
  });

  it("an exclusive bound the int32 range cuts is not applied to the range's limit", () => {
    // From a fourth review: the one value left is the range's limit, which the bound allows.
    const schema = {
      type: "integer",
      format: "int32",
      exclusiveMinimum: -5e9,
      maximum: -(2 ** 31),
    };
    const check = ajv.compile(objectOf("floor", schema));
    for (let i = 0; i < 5; i++) {
      const made = item(objectOf("floor", schema), { seed: "s", id: "1", i }, {});
      expect(made, ajv.errorsText(check.errors)).toEqual({ floor: -(2 ** 31) });
      expect(check(made)).toBe(true);
    }
  });

  it("the same place gives the same value (server and MSW handlers agree)", () => {
    for (const [, name, schema] of CASES)
      expect(item(objectOf(name, schema), { seed: "s", id: "9", i: 3 }, {})).toEqual(
        item(objectOf(name, schema), { seed: "s", id: "9", i: 3 }, {}),
      );
  });

  it("the spec's example as item 0 echoes a request value only where its rules take it", () => {
    const schema = {
      type: "object",
      properties: { product_id: { type: "string", pattern: "^\\d+$" } },
    };
    const at = { seed: "s", id: "1", i: 0 };
    expect(item(schema, at, { product_id: "abc" }, { product_id: "123" })).toEqual({
      product_id: "123",
    });
    expect(item(schema, at, { product_id: "42" }, { product_id: "123" })).toEqual({
      product_id: "42",
    });
  });

  it.each([
    ["a const it is not", { type: "string", const: "review" }, "video"],
    ["a url without a top-level domain", { type: "string", format: "url" }, "https://localhost/x"],
    ["a day that does not exist", { type: "string", format: "date" }, "2026-02-30"],
    ["a date-time out of range", { type: "string", format: "date-time" }, "2026-13-45T99:99:99Z"],
    ["an address out of range", { type: "string", format: "ipv4" }, "192.0.2.999"],
    ["a host label that starts with a dash", { type: "string", format: "hostname" }, "-bad-"],
    [
      "an address whose local part starts with a dot",
      { type: "string", format: "email" },
      ".a@b.com",
    ],
  ])("an echo with %s is not kept", (_case, field, echoed) => {
    const schema = { type: "object", required: ["start"], properties: { start: field } };
    const made = item(schema, { seed: "s", id: "1", i: 3 }, { start: echoed }) as { start: string };
    expect(made.start).not.toBe(echoed);
    const check = ajv.compile(schema);
    expect(check(made), ajv.errorsText(check.errors)).toBe(true);
  });

  it("item 0 echoes into a oneOf field only what its alternative takes", () => {
    const schema = {
      type: "object",
      properties: { product_id: { oneOf: [{ type: "string", pattern: "^\\d+$" }] } },
    };
    const at = { seed: "s", id: "1", i: 0 };
    expect(item(schema, at, { product_id: "abc" }, { product_id: "123" })).toEqual({
      product_id: "123",
    });
  });

  it("a name the schema requires but does not describe is present", () => {
    const schema = {
      type: "object",
      required: ["id", "extra"],
      properties: { id: { type: "string" } },
    };
    const check = ajv.compile(schema);
    const made = item(schema, { seed: "s", id: "1", i: 2 }, {});
    expect(check(made), ajv.errorsText(check.errors)).toBe(true);
  });

  it("a request value is echoed only where the property's rules take it", () => {
    const schema = {
      type: "object",
      properties: {
        product_id: { type: "string", pattern: "^\\d+$" },
        region: { type: "string", enum: ["US", "GB"] },
        sort: { type: "string" },
      },
    };
    const made = item(
      schema,
      { seed: "s", id: "1", i: 2 },
      {
        product_id: "abc",
        region: "FR",
        sort: "newest",
      },
    ) as Record<string, unknown>;
    expect(made.product_id).toMatch(/^\d+$/);
    expect(["US", "GB"]).toContain(made.region);
    expect(made.sort).toBe("newest");
    const kept = item(schema, { seed: "s", id: "1", i: 2 }, { product_id: "123" });
    expect((kept as Record<string, unknown>).product_id).toBe("123");
  });
});

describe("constrained: the candidate when it fits, else a value made to", () => {
  it.each<[string, object, unknown, (v: unknown) => boolean]>([
    ["a fitting candidate is kept", { type: "integer", minimum: 1 }, 5, (v) => v === 5],
    ["a fitting text is kept", { type: "string", maxLength: 5 }, "abc", (v) => v === "abc"],
    [
      "a date-time already made is kept",
      { type: "string", format: "date-time" },
      "2026-01-01T00:00:00.000Z",
      (v) => v === "2026-01-01T00:00:00.000Z",
    ],
    [
      "a text too long is cut, its end kept",
      { type: "string", maxLength: 2 },
      "abcdef",
      (v) => v === "ef",
    ],
    [
      "a text too short is padded",
      { type: "string", minLength: 4 },
      "ab",
      (v) => /^ab[a-z]{2}$/.test(String(v)),
    ],
    // randexp cannot follow `\p{…}`: nothing fits, and the candidate stands (no crash, no hang).
    [
      "a pattern randexp cannot follow",
      { type: "string", pattern: "^\\p{Lu}{3}$" },
      "abc",
      (v) => v === "abc",
    ],
    ["a pattern no runtime reads", { type: "string", pattern: "(" }, "abc", (v) => v === "abc"],
    [
      "no multiple in range: the nearest",
      { type: "integer", minimum: 1, maximum: 2, multipleOf: 5 },
      0,
      (v) => v === 5,
    ],
    ["a boolean is left alone", { type: "boolean" }, true, (v) => v === true],
    // What no response carries is not made (1e9 characters ran the process out of memory).
    ["a minLength of a billion", { type: "string", minLength: 1e9 }, "ab", (v) => v === "ab"],
    [
      "a repetition of ten million",
      { type: "string", pattern: "^a{10000000}$" },
      "ab",
      (v) => v === "ab",
    ],
    // Counted repetitions past what a response carries: not walked (70 s; the heap ran out).
    [
      "a count of ten million in a range",
      { type: "string", pattern: "^[a-z]{0,10000000}$", maxLength: 100 },
      "AB",
      (v) => v === "AB",
    ],
    ["nested counts", { type: "string", pattern: "^((a{999}){999}){999}$" }, "b", (v) => v === "b"],
    [
      "a multipleOf of zero",
      { type: "number", multipleOf: 0, maximum: 5 },
      9,
      (v) => typeof v === "number" && v <= 5,
    ],
  ])("%s", (_case, schema, candidate, expected) => {
    expect(expected(constrained(schema, candidate, ["x", 1]))).toBe(true);
  });

  it.each<[string, object, unknown, boolean]>([
    ["integer below an exclusive 3.0 minimum", { minimum: 3, exclusiveMinimum: true }, 3, false],
    ["integer at an inclusive minimum", { minimum: 3 }, 3, true],
    ["at an exclusive 3.1 maximum", { exclusiveMaximum: 3 }, 3, false],
    ["a fraction where an integer is", { type: "integer" }, 1.5, false],
    ["length in code points", { maxLength: 1 }, "🎁", true],
    ["a uuid's shape", { format: "uuid" }, "not-a-uuid", false],
    ["an unknown format is an annotation", { format: "color" }, "red", true],
    ["a text where a number is", { type: "integer", minimum: 0 }, "1", false],
    ["a text, no type: bounds are a number's", { minimum: 0 }, "1", true],
    ["base64 in fours", { format: "byte" }, "string", false],
  ])("fits: %s", (_case, schema, value, expected) => {
    expect(fits(schema, value)).toBe(expected);
  });
});

describe("a field is made as its type says, whatever its name suggests", () => {
  // [case, the field's name, its schema (3.1 type lists), the kind of value made]
  it.each<[string, string, object, string]>([
    [
      "an object, null listed first",
      "f",
      { type: ["null", "object"], required: ["a"], properties: { a: { type: "string" } } },
      "object",
    ],
    [
      "a list, null listed first",
      "f",
      { type: ["null", "array"], items: { type: "integer" } },
      "array",
    ],
    ["a number, null listed first", "f", { type: ["null", "integer"], minimum: 5 }, "number"],
    ["a text, null listed last", "f", { type: ["string", "null"], maxLength: 4 }, "string"],
    ["an object without a type", "f", { properties: { a: { type: "boolean" } } }, "object"],
    // From a hostile review: a name that suggests a time or an id made one, of the wrong type.
    ["a flag named like a time", "is_time", { type: "boolean" }, "boolean"],
    ["a nullable flag named like an id", "item_id", { type: ["null", "boolean"] }, "boolean"],
    ["only null, named like an id", "shop_id", { type: "null" }, "null"],
    ["only null in a list, named like a time", "create_time", { type: ["null"] }, "null"],
  ])("%s", (_case, name, field, kind) => {
    const schema = { type: "object", required: [name], properties: { [name]: field } };
    const check = ajv.compile(schema);
    const made = [
      ...Array.from({ length: 5 }, (_, i) => item(schema, { seed: "s", id: "1", i: i + 1 }, {})),
      synth({}, schema),
    ] as Record<string, unknown>[];
    for (const value of made) {
      expect(check(value), `${JSON.stringify(value)}: ${ajv.errorsText(check.errors)}`).toBe(true);
      const f = value[name];
      expect(
        f === null ? "null" : Array.isArray(f) ? "array" : typeof f,
        JSON.stringify(value),
      ).toBe(kind);
    }
  });

  it("a request value is echoed into a nullable text", () => {
    const schema = { type: "object", properties: { product_id: { type: ["null", "string"] } } };
    const made = item(schema, { seed: "s", id: "1", i: 2 }, { product_id: "42" });
    expect(made).toEqual({ product_id: "42" });
  });
});
