import { describe, expect, it } from "vitest";
import { deref, resolveSchema } from "../src/spec.js";

const doc = {
  components: {
    schemas: {
      Review: { type: "object", properties: { id: { type: "string" } } },
      Alias: { $ref: "#/components/schemas/Review" },
      "a/b~c": { type: "integer" },
      Loop: { $ref: "#/components/schemas/Loop" },
    },
  },
};

describe("deref: the one lenient $ref follower (mock data, CLI columns)", () => {
  it.each<[string, object | undefined, object]>([
    ["a schema without $ref is itself", { type: "string" }, { type: "string" }],
    ["undefined is an empty schema", undefined, {}],
    ["a local ref", { $ref: "#/components/schemas/Review" }, doc.components.schemas.Review],
    ["a ref to a ref", { $ref: "#/components/schemas/Alias" }, doc.components.schemas.Review],
    [
      "JSON Pointer escapes (~1 is /, ~0 is ~)",
      { $ref: "#/components/schemas/a~1b~0c" },
      { type: "integer" },
    ],
    ["a ref to nothing is an empty schema", { $ref: "#/components/schemas/Nope" }, {}],
    [
      "a cycle stops (32 hops) instead of hanging",
      { $ref: "#/components/schemas/Loop" },
      doc.components.schemas.Loop,
    ],
  ])("%s", (_case, schema, expected) => {
    expect(deref(schema as never, doc)).toEqual(expected);
  });

  it("follows refs of the effective spec by default", () => {
    expect(deref({ type: "object" })).toEqual({ type: "object" });
  });
});

describe("resolveSchema: refs followed and allOf merged into one schema", () => {
  const doc = {
    components: {
      schemas: {
        Base: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string" }, name: { type: "string" } },
        },
        Item: {
          allOf: [
            { $ref: "#/components/schemas/Base" },
            { type: "object", required: ["id", "n"], properties: { n: { type: "integer" } } },
          ],
        },
        Deeper: {
          allOf: [
            { $ref: "#/components/schemas/Item" },
            { properties: { name: { type: "integer" } } },
          ],
        },
        SelfMember: { allOf: [{ $ref: "#/components/schemas/SelfMember" }, { type: "string" }] },
      },
    },
  };
  const at = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  // [case, schema, what it resolves to]
  it.each<[string, object | undefined, object]>([
    ["a schema without allOf is deref's", at("Base"), doc.components.schemas.Base],
    ["undefined is an empty schema", undefined, {}],
    [
      "members merged in order: properties and required joined (no repeats)",
      at("Item"),
      {
        type: "object",
        required: ["id", "n"],
        properties: { id: { type: "string" }, name: { type: "string" }, n: { type: "integer" } },
      },
    ],
    [
      "an allOf inside a member, and a property two members state held to both",
      at("Deeper"),
      {
        type: "object",
        required: ["id", "n"],
        properties: {
          id: { type: "string" },
          name: { allOf: [{ type: "string" }, { type: "integer" }] },
          n: { type: "integer" },
        },
      },
    ],
    [
      "two bounds of one kind: the tighter holds, whichever member states it",
      {
        allOf: [
          { maxLength: 3, minimum: 1 },
          { maxLength: 50, minimum: 0, maxItems: 9 },
        ],
      },
      { maxLength: 3, minimum: 1, maxItems: 9 },
    ],
    [
      "two members' anyOfs: one of each, together",
      {
        allOf: [
          { anyOf: [{ required: ["a"] }, { required: ["b"] }] },
          { anyOf: [{ required: ["c"] }] },
        ],
      },
      {
        anyOf: [
          { allOf: [{ required: ["a"] }, { required: ["c"] }] },
          { allOf: [{ required: ["b"] }, { required: ["c"] }] },
        ],
      },
    ],
    [
      "two members of 40 alternatives each: past 64 pairs the later list stands",
      {
        allOf: [
          { oneOf: Array.from({ length: 40 }, (_, i) => ({ enum: [i] })) },
          { oneOf: Array.from({ length: 40 }, (_, i) => ({ enum: [-i] })) },
        ],
      },
      { oneOf: Array.from({ length: 40 }, (_, i) => ({ enum: [-i] })) },
    ],
    [
      "two types: the one both allow",
      { allOf: [{ type: "integer" }, { type: "number", maximum: 100 }] },
      { type: "integer", maximum: 100 },
    ],
    [
      "two whole steps: a multiple of both",
      { allOf: [{ multipleOf: 2 }, { multipleOf: 3 }] },
      { multipleOf: 6 },
    ],
    [
      "3.1's exclusive bounds: the tighter",
      {
        allOf: [
          { exclusiveMinimum: 10, exclusiveMaximum: 20 },
          { exclusiveMinimum: 1, exclusiveMaximum: 50 },
        ],
      },
      { exclusiveMinimum: 10, exclusiveMaximum: 20 },
    ],
    [
      "nullable where both members that say allow it",
      {
        allOf: [
          { type: "string", nullable: false },
          { type: "string", nullable: true },
        ],
      },
      { type: "string", nullable: false },
    ],
    [
      "a lone nullable stands",
      { nullable: true, allOf: [{ type: "string" }] },
      { nullable: true, type: "string" },
    ],
    [
      "two enums of objects, keys in another order: one value",
      { allOf: [{ enum: [{ a: 1, b: 2 }] }, { enum: [{ b: 2, a: 1 }] }] },
      { enum: [{ a: 1, b: 2 }] },
    ],
    [
      "two members' items: held to both",
      { allOf: [{ items: { maxLength: 3 } }, { items: { type: "string" } }] },
      { items: { allOf: [{ maxLength: 3 }, { type: "string" }] } },
    ],
    [
      "two enums: the values both allow",
      { allOf: [{ enum: ["a", "b", 1] }, { enum: ["b", 1, "c"] }] },
      { enum: ["b", 1] },
    ],
    [
      "the schema's own keywords first, a member's after",
      { description: "own", properties: { a: {} }, allOf: [{ description: "member" }] },
      { description: "member", properties: { a: {} } },
    ],
    ["a member that includes its parent stops", at("SelfMember"), { type: "string" }],
  ])("%s", (_case, schema, expected) => {
    expect(resolveSchema(schema, doc)).toEqual(expected);
  });

  it("members that include each other are merged once each (four such took 36 s)", () => {
    const names = ["A", "B", "C", "D", "E", "F"];
    const schemas = Object.fromEntries(
      names.map((n) => [
        n,
        {
          allOf: [
            ...names.filter((m) => m !== n).map((m) => ({ $ref: `#/components/schemas/${m}` })),
            { type: "object", properties: { [n.toLowerCase()]: { type: "string" } } },
          ],
        },
      ]),
    );
    const merged = resolveSchema<{ properties?: object; $ref?: string }>(
      { $ref: "#/components/schemas/A" },
      { components: { schemas } },
    );
    expect(Object.keys(merged.properties ?? {}).sort()).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});
