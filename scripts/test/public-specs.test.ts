import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../src/codegen/generate.js";
import { toJsonSchema } from "../src/codegen/schema-dialect.js";
import { writeFiles } from "../src/codegen/write-or-check.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { repoRoot } from "../src/repo.js";
import { tempDir, typecheckDir } from "./helpers.js";

const FIXTURES = path.join(repoRoot, "scripts/fixtures");
const specs = [
  ...readdirSync(path.join(FIXTURES, "public-specs"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => `public-specs/${f}`),
  "bench-specs/octokit-ghes-3.6-diff-to-api.json",
  "bench-specs/digitalocean-public.v2.bundled.json",
];

// The path `spec:update` takes, on documents nobody here wrote: every runtime extra included.
describe.each(specs)("the whole generator on %s", (file) => {
  it(
    "generates every file and the output typechecks; warnings name the place",
    { timeout: 120_000 },
    async () => {
      const e = await loadEffectiveSpec(path.join(FIXTURES, file), null);
      const warnings: string[] = [];
      const files = await generate({
        ...e,
        specName: path.basename(file),
        pathPrefix: "/",
        runtimeExtras: true,
        onWarning: (m) => warnings.push(m),
      });
      expect([...files.keys()].sort()).toEqual([
        "aliases.ts",
        "effective-spec.json",
        "index.ts",
        "operations.ts",
        "schema.ts",
        "validators.ts",
      ]);
      // Ajv's standalone code requires its runtime helpers (`ucs2length` for a maxLength, `equal`
      // for uniqueItems), even as ESM: the types package's build must resolve each one.
      const fromTypes = createRequire(path.join(repoRoot, "packages/types/package.json"));
      const required = [...files.get("validators.ts")!.matchAll(/require\("([^"]+)"\)/g)].map(
        (m) => m[1]!,
      );
      for (const specifier of new Set(required)) expect(fromTypes.resolve(specifier)).toBeTruthy();
      const dir = await tempDir("public-gen");
      await writeFiles(path.join(dir, "generated"), files);
      expect(await typecheckDir(dir, ["generated"])).toBe("");
      for (const w of warnings)
        expect(w).toMatch(
          /^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \S+( \S+)?: .*(\$ref|not validated|not paged: it takes)/,
        );
    },
  );
});

describe("toJsonSchema: OpenAPI 3.0's dialect to the JSON Schema Ajv checks", () => {
  it.each<[string, object, boolean, object]>([
    [
      "nullable with a type",
      { type: "string", nullable: true },
      true,
      { type: ["string", "null"] },
    ],
    [
      "nullable without a type (valid 3.0)",
      { nullable: true, description: "x" },
      true,
      { description: "x" },
    ],
    [
      "nullable enum",
      { type: "string", enum: ["a"], nullable: true },
      true,
      { type: ["string", "null"], enum: ["a", null] },
    ],
    [
      "boolean exclusiveMinimum",
      { type: "integer", minimum: 1, exclusiveMinimum: true },
      true,
      { type: "integer", exclusiveMinimum: 1 },
    ],
    ["exclusiveMaximum false", { maximum: 9, exclusiveMaximum: false }, true, { maximum: 9 }],
    [
      "nested in properties and items",
      {
        type: "object",
        properties: { a: { type: "array", items: { type: "number", nullable: true } } },
      },
      true,
      { type: "object", properties: { a: { type: "array", items: { type: ["number", "null"] } } } },
    ],
    [
      "an example is data, left alone",
      { example: { nullable: true } },
      true,
      { example: { nullable: true } },
    ],
    // From a fifth review.
    [
      "nullable beside an allOf: null one more alternative",
      { allOf: [{ $ref: "#/components/schemas/S" }], nullable: true },
      true,
      { anyOf: [{ type: "null" }, { allOf: [{ $ref: "#/components/schemas/S" }] }] },
    ],
    [
      "a property named default is a schema, converted",
      { type: "object", properties: { default: { type: "string", nullable: true } } },
      true,
      { type: "object", properties: { default: { type: ["string", "null"] } } },
    ],
    [
      "the default of a property named links is data, left as written",
      { properties: { links: { type: "object", default: { nullable: true, type: "string" } } } },
      true,
      { properties: { links: { type: "object", default: { nullable: true, type: "string" } } } },
    ],
    [
      "3.1 is JSON Schema already: numeric exclusive bounds kept",
      { type: "integer", exclusiveMinimum: 1 },
      false,
      { type: "integer", exclusiveMinimum: 1 },
    ],
    [
      "3.1: a null type list kept",
      { type: ["string", "null"] },
      false,
      { type: ["string", "null"] },
    ],
  ])("%s", (_name, schema, openapi30, want) => {
    expect(toJsonSchema(schema, openapi30)).toEqual(want);
  });
});
