import { describe, expect, it } from "vitest";
import { deref } from "../src/spec.js";

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
