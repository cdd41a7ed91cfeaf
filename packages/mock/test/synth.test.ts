import { describe, expect, it } from "vitest";
import { synth, type Schema } from "../src/core/synth.js";

const doc = {
  components: {
    schemas: {
      // A tree: each node requires its name; children are optional.
      Node: {
        type: "object",
        required: ["name"],
        properties: {
          name: { type: "string" },
          children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
          parent: { $ref: "#/components/schemas/Node" },
        },
      },
      Base: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
      Item: {
        allOf: [
          { $ref: "#/components/schemas/Base" },
          { type: "object", properties: { n: { type: "integer" } } },
        ],
      },
      // No finite value: it requires itself.
      Endless: {
        type: "object",
        required: ["next"],
        properties: { next: { $ref: "#/components/schemas/Endless" } },
      },
    },
  },
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** How deep a value nests. */
function depthOf(value: unknown): number {
  if (!value || typeof value !== "object") return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}
/** Whether every object in a value has a string at `key`. */
function everyObjectHas(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.every((v) => everyObjectHas(v, key));
  if (!value || typeof value !== "object") return true;
  const record = value as Record<string, unknown>;
  return (
    typeof record[key] === "string" && Object.values(record).every((v) => everyObjectHas(v, key))
  );
}

describe("synth: the simplest value a schema allows", () => {
  it("a recursive schema ends, every node keeping what it requires", () => {
    const value = synth(doc, ref("Node"));
    expect(everyObjectHas(value, "name")).toBe(true);
    // Optional parts stop at depth 8 (each level is two deep here: an array and its item).
    expect(depthOf(value)).toBeLessThan(20);
    expect(depthOf(value)).toBeGreaterThan(4);
  });

  it("a member's example is that member's, not the whole's", () => {
    const withExample: Schema = {
      allOf: [
        { type: "object", properties: { id: { type: "string" } }, example: { id: "v1" } },
        { type: "object", required: ["extra"], properties: { extra: { type: "integer" } } },
      ],
    };
    expect(synth(doc, withExample)).toEqual({ id: "string", extra: 0 });
  });

  it("allOf's members are all in the value", () => {
    expect(synth(doc, ref("Item"))).toEqual({ id: "string", n: 0 });
  });

  it("a schema that requires itself stops with null instead of overflowing", () => {
    const value = synth(doc, ref("Endless"));
    expect(depthOf(value)).toBeLessThanOrEqual(33);
    expect(JSON.stringify(value)).toMatch(/"next":null/);
  });

  // [case, schema, value]
  it.each<[string, object, unknown]>([
    ["an example wins", { type: "string", example: "x" }, "x"],
    ["an enum's first", { type: "string", enum: ["b", "a"] }, "b"],
    ["oneOf's first", { oneOf: [{ type: "integer" }, { type: "string" }] }, 0],
    [
      "properties without a type are an object",
      { properties: { a: { type: "boolean" } } },
      { a: false },
    ],
  ])("%s", (_case, schema, value) => {
    expect(synth(doc, schema)).toEqual(value);
  });
});
