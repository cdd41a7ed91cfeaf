import { describe, expect, it } from "vitest";
import { checkValue, coerceParam } from "../src/check-params.js";

// [name, value, schema, expected problem (undefined = valid)]
const cases: [string, unknown, object, RegExp | undefined][] = [
  ["integer ok", 3, { type: "integer" }, undefined],
  ["integer rejects 1.5", 1.5, { type: "integer" }, /expected integer, got 1\.5/],
  ["number rejects NaN", Number.NaN, { type: "number" }, /expected number/],
  ["type list", null, { type: ["string", "null"] }, undefined],
  ["nullable", null, { type: "string", nullable: true }, undefined],
  ["enum", "c", { type: "string", enum: ["a", "b"] }, /must be one of \["a","b"\]/],
  ["minimum", 0, { type: "integer", minimum: 1 }, /must be ≥ 1, got 0/],
  ["maximum", 11, { type: "integer", maximum: 10 }, /must be ≤ 10, got 11/],
  ["maximum inclusive", 10, { type: "integer", maximum: 10 }, undefined],
  [
    "3.0 exclusiveMaximum",
    10,
    { type: "integer", maximum: 10, exclusiveMaximum: true },
    /must be < 10, got 10/,
  ],
  ["3.1 exclusiveMinimum", 0, { type: "number", exclusiveMinimum: 0 }, /must be > 0, got 0/],
  ["minLength", "", { type: "string", minLength: 1 }, /length ≥ 1, got 0/],
  ["maxLength", "abcd", { type: "string", maxLength: 3 }, /length ≤ 3, got 4/],
  ["pattern", "x1", { type: "string", pattern: "^[0-9]+$" }, /must match/],
  ["pattern ok", "123", { type: "string", pattern: "^[0-9]+$" }, undefined],
  ["maxItems", [1, 2, 3], { type: "array", maxItems: 2 }, /items ≤ 2, got 3/],
  [
    "item types",
    [1, "2"],
    { type: "array", items: { type: "integer" } },
    /item 1: expected integer, got "2"/,
  ],
];

describe("checkValue", () => {
  it.each(cases)("%s", (_name, value, schema, want) => {
    const problem = checkValue(value, schema);
    if (want) expect(problem).toMatch(want);
    else expect(problem).toBeUndefined();
  });
});

describe("coerceParam", () => {
  it.each([
    ["10", "integer", 10],
    ["1.5", "number", 1.5],
    ["x", "integer", "x"],
    [" ", "integer", " "],
    ["true", "boolean", true],
    ["no", "boolean", "no"],
    ["10", "string", "10"],
  ] as const)("%s as %s → %s", (raw, type, want) => {
    expect(coerceParam(raw, type)).toBe(want);
  });
});
