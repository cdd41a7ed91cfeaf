import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { whyNotVendorSpec } from "../src/spec/vendor-rules.js";
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

describe("whyNotVendorSpec", () => {
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
    const why = await whyNotVendorSpec(doc);
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
  });

  it.each([
    ["the vendored spec", paths.spec],
    [
      "the multi-operation fixture",
      path.join(repoRoot, "scripts/fixtures/multi-op/tiktok.fixture.openapi.json"),
    ],
  ])("%s is taken", async (_name, file) => {
    expect(await whyNotVendorSpec(JSON.parse(await readFile(file, "utf8")))).toBeUndefined();
  });

  it("a pattern recheck cannot show safe in its time is refused", async () => {
    const doc = base();
    op(doc).parameters[1].schema.pattern = "^[a-z0-9_]{1,32}@[a-z]{2,8}$";
    expect(await whyNotVendorSpec(doc, { patternMs: 1 })).toMatch(
      /could not be shown safe from backtracking in 1 ms/,
    );
    expect(await whyNotVendorSpec(doc, { allPatternsMs: 0 })).toMatch(/no time left to check it/);
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
