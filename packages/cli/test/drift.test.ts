import { describe, expect, it } from "vitest";
import { driftOf, groupFindings, type Finding } from "../src/contract/drift.js";

// The classification of every difference, on schemas of our own (whatever spec is vendored).

const doc = {
  components: {
    schemas: {
      Review: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "string" }, rating: { type: "integer" } },
      },
      // Alternatives that lead back to themselves: a check that followed them never ended.
      Self: { oneOf: [{ $ref: "#/components/schemas/Self" }, { type: "string" }] },
      Ping: { oneOf: [{ $ref: "#/components/schemas/Pong" }, { type: "integer" }] },
      Pong: { anyOf: [{ $ref: "#/components/schemas/Ping" }, { type: "boolean" }] },
      // 24 levels of two alternatives each: 16 million ways, checked only to a depth.
      ...Object.fromEntries(
        Array.from({ length: 24 }, (_, i) => [
          `Wide${i}`,
          {
            oneOf: [
              { $ref: `#/components/schemas/Wide${i + 1}` },
              { $ref: `#/components/schemas/Wide${i + 1}`, description: "again" },
            ],
          },
        ]),
      ),
      Wide24: { type: "string" },
      // A chain of 300 alternatives: past the bound before any is checked to its end.
      ...Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `Chain${i}`,
          { oneOf: [{ $ref: `#/components/schemas/Chain${i + 1}` }] },
        ]),
      ),
      Chain300: { type: "string" },
      // A base with an anyOf whose subtypes include it again (polymorphism): one value meets the
      // same anyOf twice, by two routes, and no cycle.
      Pet: { type: "object", anyOf: [{ required: ["name"] }, { required: ["id"] }] },
      Cat: { allOf: [{ $ref: "#/components/schemas/Pet" }], required: ["meow"] },
      Dog: { allOf: [{ $ref: "#/components/schemas/Pet" }], required: ["bark"] },
      Animal: {
        allOf: [{ $ref: "#/components/schemas/Pet" }],
        oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
      },
      // 300 alternatives in one place.
      Many: { oneOf: Array.from({ length: 300 }, (_, i) => ({ enum: [i] })) },
    },
  },
};
const short = (fs: Finding[]) => fs.map((f) => `${f.kind} ${f.path}: ${f.message}`);

describe("driftOf", () => {
  // [case, schema, value, findings as `kind path: message`]
  it.each<[string, object, unknown, string[]]>([
    ["a match", { type: "object", properties: { a: { type: "string" } } }, { a: "x" }, []],
    ["integer where number", { type: "number" }, 3, []],
    [
      "number where integer",
      { type: "integer" },
      3.5,
      ["breaking (body): expected integer, got number"],
    ],
    [
      "string where integer",
      { type: "integer" },
      "3",
      ["breaking (body): expected integer, got string"],
    ],
    [
      "an object where a list is",
      { type: "array", items: {} },
      {},
      ["breaking (body): expected array, got object (an object where a list is)"],
    ],
    [
      "null, not nullable",
      { type: "string" },
      null,
      ["breaking (body): null where the spec has none"],
    ],
    ["null, nullable (3.0)", { type: "string", nullable: true }, null, []],
    ["null, a null type (3.1)", { type: ["string", "null"] }, null, []],
    ["null, no type said", {}, null, []],
    [
      "a value outside an enum",
      { type: "string", enum: ["a", "b"] },
      "c",
      ['breaking (body): not one of "a", "b"'],
    ],
    ["a value in an enum", { enum: [1, 2] }, 2, []],
    [
      "a required field missing, nested",
      { type: "object", properties: { data: { $ref: "#/components/schemas/Review" } } },
      { data: { rating: 1 } },
      ["breaking data.id: required field missing"],
    ],
    [
      "a field the spec does not name",
      { $ref: "#/components/schemas/Review" },
      { id: "1", votes: 2 },
      ["additive votes: a field the spec does not name"],
    ],
    [
      "a field under additionalProperties: false",
      { type: "object", properties: {}, additionalProperties: false },
      { x: 1 },
      ["breaking x: a field the spec forbids"],
    ],
    [
      "a field under an additionalProperties schema",
      { type: "object", additionalProperties: { type: "integer" } },
      { x: "1" },
      ["breaking x: expected integer, got string"],
    ],
    ["an object that names no properties", { type: "object" }, { anything: 1 }, []],
    [
      "items of a list, by index",
      { type: "array", items: { $ref: "#/components/schemas/Review" } },
      [{ id: "1" }, { id: 2 }],
      ["breaking [1].id: expected string, got integer"],
    ],
    [
      "allOf: properties and required merged",
      {
        allOf: [
          { $ref: "#/components/schemas/Review" },
          { properties: { extra: { type: "boolean" } } },
        ],
      },
      { id: "1", extra: "yes" },
      ["breaking extra: expected boolean, got string"],
    ],
    [
      "oneOf: the alternative the value fits",
      { oneOf: [{ type: "string" }, { $ref: "#/components/schemas/Review" }] },
      { id: "1", rating: 2 },
      [],
    ],
    [
      "oneOf: none fits, the closest one's differences",
      { oneOf: [{ type: "string" }, { $ref: "#/components/schemas/Review" }] },
      { id: "1", rating: "2" },
      ["breaking rating: expected integer, got string"],
    ],
    [
      "oneOf that refers to itself: the other alternative",
      { $ref: "#/components/schemas/Self" },
      "x",
      [],
    ],
    [
      "oneOf that refers to itself, nothing fits",
      { $ref: "#/components/schemas/Self" },
      5,
      ["breaking (body): expected string, got integer"],
    ],
    ["oneOf and anyOf that refer to each other", { $ref: "#/components/schemas/Ping" }, true, []],
    [
      "oneOf and anyOf in a cycle, nothing fits",
      { $ref: "#/components/schemas/Ping" },
      "x",
      // Every alternative misses alike: the first one's miss (Pong's own first, boolean).
      ["breaking (body): expected boolean, got string"],
    ],
    [
      "oneOf beside anyOf: both hold",
      {
        oneOf: [{ $ref: "#/components/schemas/Review" }],
        anyOf: [{ required: ["rating"] }, { required: ["rating", "id"] }],
      },
      { id: "1" },
      ["breaking rating: required field missing"],
    ],
    [
      "oneOf beside anyOf: the anyOf's field is named",
      {
        oneOf: [{ $ref: "#/components/schemas/Review" }],
        anyOf: [{ properties: { extra: { type: "string" } } }, { type: "object" }],
      },
      { id: "1", extra: "x" },
      [],
    ],
    [
      "alternatives nested 24 deep (16 million ways): said, not passed",
      { $ref: "#/components/schemas/Wide0" },
      5,
      ["breaking (body): not checked: oneOf/anyOf nested more than 8 deep"],
    ],
    [
      "a chain of 300 alternatives: said, not passed",
      { $ref: "#/components/schemas/Chain0" },
      "x",
      ["breaking (body): not checked: oneOf/anyOf nested more than 8 deep"],
    ],
    [
      "the same anyOf met twice at one value, no cycle",
      { $ref: "#/components/schemas/Animal" },
      { name: "Tom", meow: true },
      [],
    ],
    [
      "the same anyOf met twice, neither of its alternatives met",
      { $ref: "#/components/schemas/Animal" },
      { meow: true },
      ["breaking name: required field missing"],
    ],
    [
      "300 alternatives, the value fits one past the bound: not called a miss",
      { $ref: "#/components/schemas/Many" },
      290,
      [
        "breaking (body): not checked: more than 64 combinations of oneOf/anyOf here, or 50000 in the response",
      ],
    ],
    [
      "two members' anyOfs: both hold",
      {
        allOf: [
          { anyOf: [{ required: ["a"] }, { required: ["b"] }] },
          { anyOf: [{ required: ["c"] }] },
        ],
      },
      { c: 1 },
      ["breaking a: required field missing"],
    ],
    [
      "an alternative's enum beside the schema's: both hold",
      { type: "string", enum: ["a", "b"], oneOf: [{ enum: ["a", "c"] }] },
      "c",
      ['breaking (body): not one of "a"'],
    ],
    [
      "300 alternatives, the value fits one inside the bound",
      { $ref: "#/components/schemas/Many" },
      3,
      [],
    ],
    [
      "an alternative whose nested alternatives are cut short; another fits",
      {
        oneOf: [
          {
            type: "object",
            oneOf: Array.from({ length: 300 }, (_, i) => ({ required: [`k${i}`] })),
          },
          { type: "string" },
        ],
      },
      "hello",
      [],
    ],
  ])("%s", (_case, schema, value, expected) => {
    expect(short(driftOf(schema, value, doc))).toEqual(expected);
  });

  it("tries at most 64 alternatives in one place, and 50,000 in one response", () => {
    // Leaves that count how often a check reads them.
    let reads = 0;
    const leaf = (i: number) => ({
      get enum() {
        reads++;
        return [i];
      },
    });
    driftOf({ oneOf: Array.from({ length: 300 }, (_, i) => leaf(i)) }, -1, doc);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(64 * 2);
    // Alternatives in every item of a list: the budget is the response's, not each value's.
    reads = 0;
    const findings = driftOf(
      { type: "array", items: { oneOf: Array.from({ length: 300 }, (_, i) => leaf(i)) } },
      Array.from({ length: 1000 }, () => -1),
      doc,
    );
    expect(reads).toBeLessThanOrEqual(50_000 * 2);
    expect(findings).toHaveLength(1000);
    expect(findings.every((f) => f.message.startsWith("not checked"))).toBe(true);
  });

  it("a value that fits stops the search: a long list of Optionals stays inside the budget", () => {
    const optional = { anyOf: [{ type: "string" }, { type: "null" }] };
    const values = Array.from({ length: 5000 }, (_, i) => (i % 2 ? null : "x"));
    expect(driftOf({ type: "array", items: optional }, values, doc)).toEqual([]);
  });

  it("cut short, an alternative that fits but for a field it lacks: that field, not 'not checked'", () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      type: "object",
      required: [`k${i}`],
      properties: { [`k${i}`]: { type: "integer" } },
    }));
    expect(short(driftOf({ oneOf: many }, { k3: 1, extra: true }, doc))).toEqual([
      "additive extra: a field the spec does not name",
    ]);
  });

  it("keeps the value found, as JSON", () => {
    expect(driftOf({ type: "integer" }, "5", doc)[0]!.value).toBe('"5"');
  });
});

describe("groupFindings", () => {
  it("the same drift at every index is one finding, counted; different paths stay apart", () => {
    const findings = driftOf(
      { type: "array", items: { $ref: "#/components/schemas/Review" } },
      [{ id: 1 }, { id: 2 }, { id: "3", rating: "x" }],
      doc,
    );
    expect(groupFindings(findings).map((g) => [g.path, g.count])).toEqual([
      ["[0].id", 2],
      ["[2].rating", 1],
    ]);
  });
});
