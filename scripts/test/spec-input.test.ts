import { cp, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { whyNotOpenApi3 } from "../src/spec/check-document.js";
import { sha256 } from "../src/spec/sha256.js";
import { updateSpec } from "../src/spec-update/update.js";
import { repoRoot } from "../src/repo.js";
import { run, runScript, snapshot, tempDir, tempRepo } from "./helpers.js";

const VENDORED = path.join(repoRoot, "spec/tiktok.openapi.json");

/**
 * The vendored spec with `n` schemas each a `$ref` to the next, the last one to `end` (a plain
 * string schema when not given), and a response field that refers to the first.
 */
function refChain(text: string, n: number, end?: string): string {
  const doc = JSON.parse(text);
  const schemas = ((doc.components ??= {}).schemas ??= {});
  for (let i = 0; i < n; i++)
    schemas[`Chain${i}`] = { $ref: i < n - 1 || !end ? `#/components/schemas/Chain${i + 1}` : end };
  if (!end) schemas[`Chain${n}`] = { type: "string" };
  const [item] = Object.values(doc.paths) as any[];
  const schema = item.get.responses["200"].content["application/json"].schema;
  (schema.properties ??= {}).chained = { $ref: "#/components/schemas/Chain0" };
  return JSON.stringify(doc, null, 2);
}

describe("whyNotOpenApi3: one sentence for what a document is", () => {
  it.each<[string, unknown, RegExp | undefined]>([
    ["OpenAPI 3.0", { openapi: "3.0.3", paths: {} }, undefined],
    ["OpenAPI 3.1", { openapi: "3.1.0", paths: {} }, undefined],
    [
      "Swagger 2.0",
      { swagger: "2.0", paths: {} },
      /Swagger 2\.0 document: convert it to OpenAPI 3/,
    ],
    ["OpenAPI 2.5", { openapi: "2.5.0", paths: {} }, /OpenAPI "2\.5\.0": only 3\.0\.x and 3\.1\.x/],
    ["OpenAPI as a number", { openapi: 3.1, paths: {} }, /OpenAPI 3\.1: only/],
    ["no openapi field", { info: {} }, /no `openapi` field/],
    ["no paths", { openapi: "3.0.3" }, /no `paths` object/],
    ["paths as a list", { openapi: "3.0.3", paths: [] }, /no `paths` object/],
    ["a number", 42, /single number value/],
    ["a string", "hello", /single string value/],
    ["null (an empty YAML file)", null, /single null value/],
    ["a list", [1, 2], /a list, not an OpenAPI document/],
  ])("%s", (_name, doc, want) => {
    const why = whyNotOpenApi3(doc);
    if (want) expect(why).toMatch(want);
    else expect(why).toBeUndefined();
  });
});

describe("spec:diff and spec:update on input that is not an OpenAPI 3 document", () => {
  const vendored = async () => readFile(VENDORED, "utf8");
  // [name, the file's text, its extension, the sentence (undefined: accepted)]
  const CASES: [string, () => Promise<string>, string, RegExp | undefined][] = [
    [
      "Swagger 2.0",
      async () => '{"swagger":"2.0","info":{},"paths":{}}',
      "json",
      /is a Swagger 2\.0 document/,
    ],
    [
      "no paths",
      async () => "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n",
      "yaml",
      /has no `paths` object/,
    ],
    ["not JSON", async () => '{ "openapi": ', "json", /is not JSON or YAML: /],
    ["not YAML", async () => "openapi: [3.0\n  paths: {", "yaml", /is not JSON or YAML: /],
    ["a scalar", async () => "just some words\n", "yaml", /single string value/],
    [
      "a $ref to a URL (never fetched)",
      async () =>
        (await vendored()).replace('"type": "object"', '"$ref": "http://127.0.0.1:9/evil.json#/x"'),
      "json",
      /has a \$ref that points outside the document \(http:\/\/127\.0\.0\.1:9\/evil\.json#\/x\): refused, not followed/,
    ],
    [
      "a $ref to a local file (never read into the tree)",
      async () => (await vendored()).replace('"type": "object"', '"$ref": "/etc/passwd"'),
      "json",
      /\$ref that points outside the document \(\/etc\/passwd\)/,
    ],
    [
      "a field named __proto__ (the diff could not see it)",
      async () =>
        (await vendored()).replace(
          '"requestId": {',
          '"__proto__": { "type": "string" }, "requestId": {',
        ),
      "json",
      /has a key named "__proto__": refused/,
    ],
    [
      "nesting 5,000 levels deep (JSON.stringify ran out of stack)",
      async () =>
        (await vendored()).replace(
          '"type": "object"',
          `"type": "object", "x": ${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`,
        ),
      "json",
      /has nesting deeper than 100 levels \(at \/paths\/[^)]*\/x\/a\/a\/a[^)]*\): refused/,
    ],
    [
      "a chain of 3,000 $refs (Redocly ran out of stack)",
      async () => refChain(await vendored(), 3000),
      "json",
      /has a chain of more than 32 \$refs, one pointing at the next \(from #\/components\/schemas\/Chain\d+\): refused/,
    ],
    [
      "two $refs pointing at each other",
      async () => refChain(await vendored(), 2, "#/components/schemas/Chain0"),
      "json",
      /has a chain of more than 32 \$refs/,
    ],
    ["an empty file", async () => "", "yaml", /single null value/],
    [
      "the vendored spec with a byte-order mark",
      async () => `\uFEFF${await vendored()}`,
      "json",
      undefined,
    ],
    [
      "the vendored spec as YAML with a byte-order mark",
      async () => `\uFEFF${toYaml(JSON.parse(await vendored()))}`,
      "yaml",
      undefined,
    ],
  ];

  it.each(CASES)("spec:diff: %s", async (_name, text, ext, sentence) => {
    const file = path.join(await tempDir("input"), `head.${ext}`);
    await writeFile(file, await text());
    const r = await runScript("spec-diff.ts", [VENDORED, file]);
    if (!sentence) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^no changes between/);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(sentence);
    expect(r.stderr).toContain(`head.${ext}`);
    expect(r.stderr).not.toMatch(/overlay action/);
  });

  it.each(CASES.filter(([, , , s]) => s))(
    "spec:update refuses: %s",
    async (_name, text, ext, sentence) => {
      const root = await tempRepo();
      const file = path.join(await tempDir("input"), `new.${ext}`);
      await writeFile(file, await text());
      const before = await snapshot(root);
      await expect(updateSpec(root, file, "2026-11-29")).rejects.toThrow(sentence!);
      expect(await snapshot(root)).toEqual(before);
    },
  );
});

describe("spec:update", () => {
  it(
    "with no change leaves the tree as it was: no SOURCE.md rewrite, no new copy",
    { timeout: 60_000 },
    async () => {
      const root = await tempRepo();
      const before = await snapshot(root);
      const result = await updateSpec(
        root,
        path.join(root, "spec/tiktok.openapi.json"),
        "2030-01-01",
      );
      expect(result).toEqual({ bump: "none", changes: [], written: [], warnings: [] });
      expect(await snapshot(root)).toEqual(before);
    },
  );

  it(
    "a lint failure points at the line of the user's own YAML file",
    { timeout: 60_000 },
    async () => {
      const root = await tempRepo();
      const spec = JSON.parse(await readFile(VENDORED, "utf8"));
      const yaml = toYaml(spec).replace(/type: string/, "type: strnig");
      const line = yaml.split("\n").findIndex((l) => l.includes("strnig")) + 1;
      const file = path.join(await tempDir("input"), "vendor-new.yaml");
      await writeFile(file, yaml);
      const error = await updateSpec(root, file, "2026-11-29").catch((e: Error) => e);
      expect((error as Error).message).toMatch(/fails spec lint/);
      expect((error as Error).message).toContain("vendor-new.yaml");
      expect((error as Error).message).toMatch(new RegExp(`\\b${line}:\\d+\\s+error\\s+struct`));
    },
  );
});

describe("the documented commands tell a breaking change from a tool failure", () => {
  it.each<[string, () => Promise<string>, number]>([
    [
      "a breaking change → 1",
      async () => {
        const spec = JSON.parse(await readFile(VENDORED, "utf8"));
        delete spec.paths["/v1/tiktok/product/reviews/analytics"];
        const file = path.join(await tempDir("head"), "head.json");
        await writeFile(file, JSON.stringify(spec));
        return file;
      },
      1,
    ],
    ["a tool failure (no such file) → 2", async () => "/nonexistent/head.json", 2],
    ["no change → 0", async () => VENDORED, 0],
  ])("pnpm spec:diff: %s", { timeout: 120_000 }, async (_name, head, code) => {
    const r = await run("pnpm", ["--silent", "spec:diff", VENDORED, await head()]);
    expect(r.code, r.stderr).toBe(code);
  });
});
