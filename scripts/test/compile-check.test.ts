import { describe, expect, it } from "vitest";
import { compileCheck } from "../src/codegen/compile-check.js";

/** Runs a compiled check the way the generated file does (with its items helper). */
function run(schema: object, value: unknown): string {
  const items = (a: unknown[], check: (x: unknown) => string) => {
    for (const [i, x] of a.entries()) {
      const problem = check(x);
      if (problem) return `item ${i}: ${problem}`;
    }
    return "";
  };
  return new Function("items", "v", `return ${compileCheck(schema as never)};`)(items, value);
}

// [name, value, schema, expected problem ("" = valid)]
const cases: [string, unknown, object, RegExp | ""][] = [
  ["integer ok", 3, { type: "integer" }, ""],
  ["integer rejects 1.5", 1.5, { type: "integer" }, /^expected integer$/],
  ["integer rejects a numeric string", "1", { type: "integer" }, /expected integer/],
  ["number rejects NaN", Number.NaN, { type: "number" }, /expected number/],
  ["string rejects a number", 17, { type: "string" }, /expected string/],
  ["boolean", "true", { type: "boolean" }, /expected boolean/],
  ["object rejects null and arrays", [], { type: "object" }, /expected object/],
  ["type list", null, { type: ["string", "null"] }, ""],
  ["type list rejects", 1, { type: ["string", "null"] }, /expected string or null/],
  ["nullable", null, { type: "string", nullable: true }, ""],
  ["null without nullable", null, { type: "string" }, /expected string/],
  ["enum", "c", { type: "string", enum: ["a", "b"] }, /must be one of \["a","b"\]/],
  ["enum ok", "a", { type: "string", enum: ["a", "b"] }, ""],
  ["minimum", 0, { type: "integer", minimum: 1 }, /must be ≥ 1/],
  ["maximum", 11, { type: "integer", maximum: 10 }, /must be ≤ 10/],
  ["maximum inclusive", 10, { type: "integer", maximum: 10 }, ""],
  ["3.0 exclusiveMaximum", 10, { type: "integer", maximum: 10, exclusiveMaximum: true }, /< 10/],
  ["3.0 exclusiveMinimum", 1, { type: "integer", minimum: 1, exclusiveMinimum: true }, /> 1/],
  ["3.1 exclusiveMinimum", 0, { type: "number", exclusiveMinimum: 0 }, /must be > 0/],
  ["3.1 exclusiveMaximum ok", 9.5, { type: "number", exclusiveMaximum: 10 }, ""],
  ["bounds without a type", 11, { maximum: 10 }, /≤ 10/],
  ["bounds without a type skip strings", "11", { maximum: 10 }, ""],
  ["nullable integer with bounds", null, { type: ["integer", "null"], minimum: 1 }, ""],
  ["minLength", "", { type: "string", minLength: 1 }, /length ≥ 1/],
  ["maxLength", "abcd", { type: "string", maxLength: 3 }, /length ≤ 3/],
  ["pattern", "x1", { type: "string", pattern: "^[0-9]+$" }, /must match/],
  ["pattern ok", "123", { type: "string", pattern: "^[0-9]+$" }, ""],
  ["pattern with a slash and quote", 'a/"', { type: "string", pattern: '^a/"$' }, ""],
  ["maxItems", [1, 2, 3], { type: "array", maxItems: 2 }, /≤ 2 items/],
  ["minItems", [], { type: "array", minItems: 1 }, /≥ 1 items/],
  [
    "item types",
    [1, "2"],
    { type: "array", items: { type: "integer" } },
    /^item 1: expected integer$/,
  ],
  [
    "nested items",
    [[1], [2, 30]],
    { type: "array", items: { type: "array", items: { type: "integer", maximum: 9 } } },
    /^item 1: item 1: must be ≤ 9$/,
  ],
  ["items ok", [1, 2], { type: "array", items: { type: "integer" } }, ""],
  ["no keywords", { any: 1 }, {}, ""],
];

describe("compileCheck", () => {
  it.each(cases)("%s", (_name, value, schema, want) => {
    const problem = run(schema, value);
    if (want) expect(problem).toMatch(want);
    else expect(problem).toBe("");
  });
});
