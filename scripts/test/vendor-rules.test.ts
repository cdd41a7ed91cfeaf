import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MOST_REFUSALS, refusalLine, vendorSpecRefusals } from "../src/spec/vendor-rules.js";
import { updateSpec } from "../src/spec-update/update.js";
import { paths, repoRoot } from "../src/repo.js";
import { snapshot, tempDir, tempRepo } from "./helpers.js";

// What a hostile review sent through spec:update as the vendor's document (2026-12-01, seventh
// session), each refused before any file is written, with where it is.

type Doc = Record<string, any>;
/** A small valid spec: one GET with a query parameter and a response of two fields. */
const base = (): Doc => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/v1/tiktok/a/{id}": {
      get: {
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "q", in: "query", schema: { type: "string", pattern: "^[a-z]{1,8}$" } },
        ],
        responses: {
          200: {
            description: "ok",
            content: {
              "application/json": {
                schema: { type: "object", properties: { id: { type: "string" }, n: {} } },
              },
            },
          },
        },
      },
    },
  },
});
const op = (d: Doc) => d.paths["/v1/tiktok/a/{id}"].get;
const fields = (d: Doc) => op(d).responses[200].content["application/json"].schema.properties;
const withPath = (p: string) => (d: Doc) => {
  d.paths = { [p]: d.paths["/v1/tiktok/a/{id}"] };
};

describe("vendorSpecRefusals", () => {
  // [case, how the document is changed, what the refusal says (undefined: taken)]
  it.each<[string, (d: Doc) => void, RegExp | undefined]>([
    ["the document as it is", () => {}, undefined],
    ["a path with a dot in a segment", withPath("/v1/tiktok/a.json/{id}"), undefined],
    ["a cost", (d) => (op(d)["x-keyapi-credits"] = -1000), /\/get\/x-keyapi-credits: .* ours/],
    ["an item id", (d) => (op(d)["x-sdk-item-id"] = "constructor"), /x-sdk-item-id is ours/],
    ["a pagination", (d) => (op(d)["x-pagination"] = {}), /x-pagination is ours/],
    ["a path going up", withPath("/v1/tiktok/../../admin"), /the path .* not plain segments/],
    ["a path going up, encoded", withPath("/v1/tiktok/%2e%2e/admin"), /not plain segments/],
    ["a path with a fragment", withPath("/v1/tiktok/x#frag"), /not plain segments/],
    ["a path with an empty segment", withPath("/v1//x"), /not plain segments/],
    ["a parameter named toString", (d) => (op(d).parameters[1].name = "toString"), /"toString"/],
    [
      "a parameter name with an escape",
      (d) => (op(d).parameters[1].name = "q\u001b]0;PWNED\u0007"),
      /parameters\/1\/name: .* control, invisible/,
    ],
    [
      "a field named constructor",
      (d) => (fields(d).constructor = { type: "string" }),
      /properties\/constructor: the name "constructor" is a built-in/,
    ],
    [
      "a field name with a bidi override",
      (d) => (fields(d)["a\u202eb"] = {}),
      /properties\/a\\u202eb: .* invisible/,
    ],
    [
      "a pattern invalid with the u flag",
      (d) => (op(d).parameters[1].schema.pattern = "^[a-z]\\_x$"),
      /parameters\/1\/schema\/pattern: pattern .* no regular expression with the u flag/,
    ],
    [
      "a pattern that backtracks exponentially",
      (d) => (op(d).parameters[1].schema.pattern = "^(a+)+$"),
      /pattern "\^\(a\+\)\+\$" can backtrack for exponential time/,
    ],
    [
      "a response field's pattern that backtracks",
      (d) => (fields(d).n = { type: "string", pattern: "^(a|a)*$" }),
      /properties\/n\/pattern: .*\(ReDoS\)/,
    ],
    [
      "a pattern recheck calls safe that backtracks (a part that can match nothing, 30 times)",
      (d) => (op(d).parameters[1].schema.pattern = "^(?:\\d|\\.?){30}$"),
      /pattern .* can backtrack without bound: a part that can match nothing is required 30 times/,
    ],
    [
      "a field named default holds a schema, looked into",
      (d) => (fields(d).default = { type: "string", pattern: "^(a+)+$" }),
      /properties\/default\/pattern: .* exponential/,
    ],
    [
      "a field named example, its name looked into",
      (d) => (fields(d).example = { type: "object", properties: { toString: {} } }),
      /properties\/example\/properties\/toString: the name "toString"/,
    ],
    [
      "the example of a field named links is data, not names to check",
      (d) => (fields(d).links = { type: "object", example: { "x-sdk-name": "a", toString: 1 } }),
      undefined,
    ],
    [
      "a field named properties holds a schema: its keywords are not names",
      (d) => (fields(d).properties = { type: "object", properties: { constructor: {} } }),
      /properties\/properties\/properties\/constructor: the name "constructor"/,
    ],
    // A field named `pattern` is a field, not a pattern.
    ["a field named pattern", (d) => (fields(d).pattern = { type: "string" }), undefined],
    [
      "a quadratic pattern (an address)",
      (d) => (op(d).parameters[1].schema.pattern = "^[^@]+@[^@]+\\.[^@]+$"),
      undefined,
    ],
    [
      "a patternProperties key that backtracks (3.1)",
      (d) => (fields(d).n = { type: "object", patternProperties: { "^(a+)+$": {} } }),
      /patternProperties\/\^\(a\+\)\+\$: pattern .* exponential/,
    ],
    ["a path with : and @", withPath("/v1/items:batchGet/@me/{user-id}"), undefined],
    ["a path ending in /", withPath("/v1/tiktok/a/"), /not plain segments/],
    [
      "an example that looks like a parameter",
      (d) => (op(d).parameters[1].example = { name: "toString", in: "query", pattern: "(a+)+$" }),
      undefined,
    ],
    ["an empty field name", (d) => (fields(d)[""] = {}), /properties\/: an empty name/],
    ["a lone surrogate", (d) => (fields(d)["a\ud800"] = {}), /broken character/],
    ["a tag character", (d) => (fields(d)["a\u{E0041}"] = {}), /broken character/],
    ["a soft hyphen", (d) => (fields(d)["a\u00adb"] = {}), /invisible/],
    [
      "a very long bad name: cut in the message",
      (d) => (fields(d)[`${"x".repeat(100_000)}\u0007`] = {}),
      /^[^\n]{0,400}$/,
    ],
  ])("%s", async (_case, change, refusal) => {
    const doc = base();
    change(doc);
    const refusals = await vendorSpecRefusals(doc);
    if (!refusal) return expect(refusals).toEqual([]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatch(refusal);
  });

  it.each([
    ["the vendored spec", paths.spec],
    [
      "the multi-operation fixture",
      path.join(repoRoot, "scripts/fixtures/multi-op/tiktok.fixture.openapi.json"),
    ],
  ])("%s is taken", async (_name, file) => {
    expect(await vendorSpecRefusals(JSON.parse(await readFile(file, "utf8")))).toEqual([]);
  });

  it("a pattern recheck cannot show safe in its time is refused", async () => {
    const doc = base();
    op(doc).parameters[1].schema.pattern = "^[a-z0-9_]{1,32}@[a-z]{2,8}$";
    expect(await vendorSpecRefusals(doc, { patternMs: 1 })).toEqual([
      expect.stringMatching(/could not be shown safe from backtracking in 1 ms/),
    ]);
    expect(await vendorSpecRefusals(doc, { allPatternsMs: 0 })).toEqual([
      expect.stringMatching(/no time left to check it/),
    ]);
  });

  it("lists every problem of a document, not only the first", async () => {
    const doc = base();
    op(doc)["x-keyapi-credits"] = -1;
    op(doc).parameters[1].name = "toString";
    op(doc).parameters[1].schema.pattern = "^(a+)+$";
    fields(doc)["a\u202eb"] = {};
    withPath("/v1/../x")(doc);
    const refusals = await vendorSpecRefusals(doc);
    expect(refusals).toHaveLength(5);
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the path "\/v1\/\.\.\/x" is not plain segments/),
        expect.stringMatching(/\/get\/x-keyapi-credits: .* ours/),
        expect.stringMatching(/\/parameters\/1\/name: the name "toString"/),
        expect.stringMatching(/\/parameters\/1\/schema\/pattern: .* exponential/),
        expect.stringMatching(/\/properties\/a\\u202eb: .* invisible/),
      ]),
    );
    expect(refusalLine(refusals)).toMatch(/^5 problems: [^\n]*; [^\n]*; [^\n]*; [^\n]*; [^\n]*$/);
  });

  // [refusals, the line]
  it.each<[number, RegExp]>([
    [1, /^the name "f0" is bad$/],
    [3, /^3 problems: the name "f0" is bad; the name "f1" is bad; the name "f2" is bad$/],
    [
      MOST_REFUSALS,
      new RegExp(`^${MOST_REFUSALS} problems: (the name "f\\d+" is bad(; |$)){${MOST_REFUSALS}}`),
    ],
    [
      MOST_REFUSALS + 5,
      new RegExp(
        `^more than ${MOST_REFUSALS} problems, the first ${MOST_REFUSALS}: (the name "f\\d+" is bad(; |$)){${MOST_REFUSALS}}$`,
      ),
    ],
  ])("%i refusals make one line", (n, line) => {
    const refusals = Array.from({ length: n }, (_, i) => `the name "f${i}" is bad`);
    expect(refusalLine(refusals)).toMatch(line);
  });

  it("stops checking patterns once the list is full", async () => {
    const doc = base();
    for (let i = 0; i <= MOST_REFUSALS; i++) fields(doc)[`\u0007${i}`] = {};
    // A pattern recheck cannot finish in 1 ms: checked, it would be one refusal more.
    op(doc).parameters[1].schema.pattern = "^[a-z0-9_]{1,32}@[a-z]{2,8}$";
    const refusals = await vendorSpecRefusals(doc, { patternMs: 1 });
    expect(refusals).toHaveLength(MOST_REFUSALS + 1);
    expect(refusals.join("\n")).not.toMatch(/backtracking/);
  });
});

describe("spec:update with a document the rules refuse", () => {
  it("says where and why in one line, and writes nothing", async () => {
    const root = await tempRepo();
    const before = await snapshot(root);
    const doc = JSON.parse(await readFile(paths.spec, "utf8"));
    const [first] = Object.values(doc.paths as Doc);
    first.get["x-keyapi-credits"] = -1000;
    const file = path.join(await tempDir("vendor-rules"), "tiktok.openapi.json");
    await writeFile(file, JSON.stringify(doc));
    await expect(updateSpec(root, file, "2026-12-01")).rejects.toThrow(
      /^the new spec is refused: \/paths\/.*\/get\/x-keyapi-credits: x-keyapi-credits is ours to set/,
    );
    expect(await snapshot(root)).toEqual(before);
  });
});
