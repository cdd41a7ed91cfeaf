import { describe, expect, it } from "vitest";
import { bodyParam, coerceParam, validateParams } from "../src/check-params.js";
import { clientTable, operationTable, type ClientParam } from "../src/index.js";

describe("coerceParam", () => {
  it.each([
    ["10", "integer", 10],
    ["1.5", "number", 1.5],
    ["x", "integer", "x"],
    [" ", "integer", " "],
    ["true", "boolean", true],
    ["no", "boolean", "no"],
    ["10", "string", "10"],
    ["10", ["null", "integer"], 10],
    ["false", ["null", "boolean"], false],
    ["null", ["null", "string"], "null"],
    // From a hostile review: only digits, and only what a number carries exactly.
    ["7743305761692972904", "integer", "7743305761692972904"],
    ["0x10", "integer", "0x10"],
    ["1e3", "integer", "1e3"],
    ["-42", "integer", -42],
    ["1e3", "number", 1000],
    [" 1", "number", " 1"],
    ["Infinity", "number", "Infinity"],
    // From a second review.
    ["9007199254740993", "number", "9007199254740993"],
    ["1e400", "number", "1e400"],
    ["00012", ["integer", "string"], "00012"],
    ["+1", ["null", "integer", "string"], "+1"],
    ["+1", "integer", 1],
    ["1.5", ["integer", "number"], 1.5],
    ["1.5", "integer", "1.5"],
    // From a third review.
    ["true", ["boolean", "integer"], true],
    ["7", ["boolean", "integer"], 7],
    ["7743305761692972904.0", "number", "7743305761692972904.0"],
    ["7.743305761692972904e18", "number", "7.743305761692972904e18"],
    ["1e-400", "number", "1e-400"],
    ["0.0", "number", 0],
    ["2.5e-3", "number", 0.0025],
    // From a fourth review: large numbers a double carries exactly are numbers.
    ["1e21", "number", 1e21],
    ["-1e16", "number", -1e16],
    ["1500", "number", 1500],
    ["4503599627370497.5", "number", "4503599627370497.5"],
    // From a fifth review: what a double writes back exactly is a number.
    ["3.141592653589793", "number", 3.141592653589793],
    ["0.30000000000000004", "number", 0.30000000000000004],
    ["-122.41941550000001", "number", -122.41941550000001],
    ["2.220446049250313e-16", "number", 2.220446049250313e-16],
    ["2.5e-324", "number", "2.5e-324"],
    ["-0.0e5", "number", -0],
    ["000.000", "number", 0],
  ] as const)("%s as %s → %s", (raw, type, want) => {
    expect(coerceParam(raw, type)).toBe(want);
  });
});

const REVIEWS = "/v1/tiktok/product/reviews/analytics";
const spec = clientTable[`GET ${REVIEWS}`]!.params;
const ok = { product_id: "1", page_num: 1, page_size: 10 };

describe("validateParams with the generated checks", () => {
  // [name, query, issues as "param: message"]
  it.each([
    ["valid", ok, []],
    ["above the overlay's maximum", { ...ok, page_size: 11 }, ["page_size: must be ≤ 10, got 11"]],
    ["wrong type, value quoted", { ...ok, page_num: "2" }, ['page_num: expected integer, got "2"']],
    [
      "missing and unknown together",
      { page_num: 1, page_size: 1, pagesize: 3 },
      [
        "product_id: required query parameter is missing",
        "pagesize: not a query parameter of this operation (known: product_id, page_num, page_size)",
      ],
    ],
    ["undefined counts as absent", { ...ok, extra: undefined }, []],
    // What JSON cannot say is shown as it is, and never throws.
    ["NaN", { ...ok, page_num: NaN }, ["page_num: expected integer, got NaN"]],
    ["a BigInt", { ...ok, page_num: 2n }, ["page_num: expected integer, got 2n"]],
    [
      "a lone surrogate, which no URL can carry",
      { ...ok, product_id: "a\ud800b" },
      [
        'product_id: is not well-formed Unicode (a lone surrogate), which no URL can carry, got "a\\ud800b"',
      ],
    ],
    ["a surrogate pair is well-formed", { ...ok, product_id: "😀" }, []],
    // openapi-fetch's serialiser sends every key a `for…in` reaches: an inherited one too.
    [
      "an inherited key",
      Object.assign(Object.create({ evil: 1 }), ok),
      ["evil: not a query parameter of this operation (known: product_id, page_num, page_size)"],
    ],
  ] as const)("%s", (_name, query, want) => {
    const issues = validateParams(spec, { query });
    expect(issues.map((i) => `${i.param}: ${i.message}`)).toEqual(want);
  });

  it("both tables share one compiled check per parameter", () => {
    const full = operationTable[REVIEWS].get.params;
    expect(spec.map((p) => p.check)).toEqual(full.map((p) => p.check));
  });
});

describe("query and path as validateParams reads them", () => {
  const unknown = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`x${i}`, 1]));
  it.each<[string, object, string[]]>([
    [
      "a query that is a string",
      { query: "page_num=1" },
      ['query: must be an object of query parameters, got "page_num=1"'],
    ],
    [
      "a query that is an array",
      { query: [1, 2] },
      ["query: must be an object of query parameters, got [1,2]"],
    ],
    [
      "thousands of unknown names: the first ten, then a count",
      { query: { ...ok, ...unknown(2_000) } },
      [
        ...Array.from(
          { length: 10 },
          (_, i) =>
            `x${i}: not a query parameter of this operation (known: product_id, page_num, page_size)`,
        ),
        "query: and 1990 more names that are not query parameters",
      ],
    ],
  ])("%s", (_case, params, want) => {
    const issues = validateParams(spec, params as never);
    expect(
      issues.map((i) => `${i.param}: ${i.message}`).filter((m) => !m.includes("required")),
    ).toEqual(want);
  });

  it("a polluted Object.prototype is reported once, as a query parameter, not as a path one", () => {
    (Object.prototype as Record<string, unknown>).polluted = "yes";
    try {
      const issues = validateParams(spec, { query: { ...ok } });
      expect(issues.map((i) => i.param)).toEqual(["polluted"]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});

describe("a field of an optional request body", () => {
  // image_url is required by the body's schema; the body itself is optional (not `required`).
  const spec: ClientParam[] = [
    {
      in: "body",
      name: "image_url",
      required: true,
      whenSent: true,
      check: (v) => (typeof v === "string" ? "" : "expected string"),
    },
    { in: "body", name: "page_num", required: false, check: () => "" },
  ];
  // [case, body, the parameters named]
  it.each<[string, unknown, string[]]>([
    ["no body: nothing is required", undefined, []],
    ["an empty body: its required field is missing", {}, ["body.image_url"]],
    ["a body without it", { page_num: 1 }, ["body.image_url"]],
    ["a body with it", { image_url: "https://x/y.jpg" }, []],
  ])("%s", (_case, body, named) => {
    expect(validateParams(spec, { body }).map((i) => i.param)).toEqual(named);
  });
});

describe("a parameter named like a built-in of every object", () => {
  // [where, name, what the caller gives, the issues]
  const check = (v: unknown) => (typeof v === "string" ? "" : "expected string");
  it.each<[ClientParam["in"], string, object, string[]]>([
    ["query", "toString", { query: {} }, []],
    ["query", "constructor", { query: {} }, []],
    ["query", "toString", { query: { toString: 5 } }, ["toString: expected string, got 5"]],
    ["body", "valueOf", { body: {} }, []],
    ["body", "valueOf", { body: { valueOf: "x" } }, []],
    // Inherited and enumerable: the serialiser sends it (`for…in`), so it is checked.
    [
      "query",
      "page_size",
      { query: Object.create({ page_size: 1e9 }) },
      ["page_size: expected string, got 1000000000"],
    ],
  ])("%s %s given %j", (where, name, params, want) => {
    const spec: ClientParam[] = [{ in: where, name, required: false, check }];
    const issues = validateParams(spec, params as never);
    expect(issues.map((i) => `${i.param}: ${i.message}`)).toEqual(want);
  });
});

describe("bodyParam: a body read one way by the client's checks and the mock's", () => {
  // `body!`: the whole body, as the generator marks a body that is not an object.
  const param = (name: string): ClientParam =>
    name === "body!"
      ? { in: "body", name: "body", required: true, whole: true, check: () => "" }
      : { in: "body", name, required: true, check: () => "" };
  // [case, the operation's body parameters, the body, the name, value and label]
  it.each<[string, string[], unknown, string, unknown, string]>([
    ["a body that is not an object: the whole", ["body!"], [1, 2], "body", [1, 2], "body"],
    ["a field named body beside others", ["body", "x"], { body: 3 }, "body", 3, "body.body"],
    // GitHub's comment body: `{ body: string }`, an object whose one field is named body.
    [
      "an object whose one field is named body",
      ["body"],
      { body: "hi" },
      "body",
      "hi",
      "body.body",
    ],
    ["a field", ["x"], { x: "y" }, "x", "y", "body.x"],
    ["a built-in is not a field", ["toString"], {}, "toString", undefined, "body.toString"],
    ["no body", ["x"], undefined, "x", undefined, "body.x"],
    ["a body that is text", ["length"], "abc", "length", undefined, "body.length"],
    // JSON.stringify sends own fields only: an inherited one is not in the request.
    ["an inherited field", ["x"], Object.create({ x: "y" }), "x", undefined, "body.x"],
  ])("%s", (_case, names, body, name, value, label) => {
    const params = names.map(param);
    expect(
      bodyParam(
        params.find((p) => p.name === name)!,
        body,
      ),
    ).toEqual({ value, label });
  });
});
