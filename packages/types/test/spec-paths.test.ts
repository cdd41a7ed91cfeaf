import { describe, expect, it } from "vitest";
import { getAt, operationKey } from "../src/index.js";
import { schemaAt } from "../src/spec.js";

// The two spec facts every package reads the same way.

describe("getAt", () => {
  // [case, value, dotted path, what is there]
  it.each<[string, unknown, string, unknown]>([
    ["a top-level field", { data: [1] }, "data", [1]],
    ["a nested list", { data: { list: [1, 2] } }, "data.list", [1, 2]],
    ["a path that breaks off", { data: null }, "data.list", undefined],
    ["a path through a number", { data: 5 }, "data.list", undefined],
    ["no value at all", undefined, "data", undefined],
  ])("%s", (_case, value, dotted, expected) => {
    expect(getAt(value, dotted)).toEqual(expected);
  });
});

describe("schemaAt", () => {
  const doc = {
    components: {
      schemas: { Page: { type: "object", properties: { list: { type: "array", items: {} } } } },
    },
  };
  it.each<[string, object, string, object]>([
    [
      "through properties and a $ref",
      { type: "object", properties: { data: { $ref: "#/components/schemas/Page" } } },
      "data.list",
      { type: "array", items: {} },
    ],
    ["a path that breaks off: {}", { type: "object", properties: {} }, "data.list", {}],
  ])("%s", (_case, envelope, dotted, expected) => {
    expect(schemaAt(envelope, dotted, doc)).toEqual(expected);
  });
});

describe("operationKey", () => {
  it("names an operation as every table and file does", () => {
    expect(operationKey("get", "/v1/x/{id}")).toBe("GET /v1/x/{id}");
  });
});
