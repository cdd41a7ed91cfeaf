import { copyFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../src/codegen/generate.js";
import { staleFiles } from "../src/codegen/write-or-check.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { paths } from "../src/repo.js";
import { generateCheckout, runScript, tempDir } from "./helpers.js";

const generateRepo = () => generateCheckout(paths);

describe("generate", () => {
  it("is byte-identical on a second run", async () => {
    const [a, b] = [await generateRepo(), await generateRepo()];
    expect([...a.keys()]).toEqual([
      "schema.ts",
      "aliases.ts",
      "operations.ts",
      "index.ts",
      "validators.ts",
      "effective-spec.json",
    ]);
    for (const [name, content] of a) expect(b.get(name), name).toBe(content);
  });

  it("matches the committed packages/types/src/generated", async () => {
    expect(await staleFiles(paths.generated, await generateRepo())).toEqual([]);
  });

  it("writes a header naming both sha256 and 'generated, do not edit'", async () => {
    const e = await loadEffectiveSpec(paths.spec, paths.overlays);
    const schema = (await generateRepo()).get("schema.ts")!;
    expect(schema).toContain("This file is generated, do not edit");
    expect(schema).toContain(`sha256 ${e.specSha256}`);
    expect(schema).toContain(`${e.overlayFiles.join(", ")} sha256 ${e.overlaySha256}`);
    expect(e.overlayFiles).toContain("contract-samples.json");
  });

  it("emits the friendly aliases and the operation table from the spec", async () => {
    const files = await generateRepo();
    for (const alias of [
      "ProductReviewsAnalyticsQuery",
      "ProductReviewsAnalyticsResponse",
      "ProductReview",
    ]) {
      expect(files.get("aliases.ts")).toMatch(new RegExp(`export type ${alias} =`));
    }
    expect(files.get("operations.ts")).toMatch(/"name": "ProductReviewsAnalytics"/);
  });
});

describe("pnpm generate --check (the CLI)", () => {
  it(
    "fails naming the stale file after a description edit, and passes after regenerating",
    { timeout: 120_000 },
    async () => {
      const dir = await tempDir("drift");
      const spec = path.join(dir, "tiktok.openapi.json");
      const out = path.join(dir, "generated");
      await copyFile(paths.spec, spec);
      const args = ["--spec", spec, "--out", out, "--prefix", "/v1/tiktok/"];
      expect((await runScript("generate.ts", args)).code).toBe(0);
      expect((await runScript("generate.ts", [...args, "--check"])).code).toBe(0);

      const text = await readFile(spec, "utf8");
      await writeFile(
        spec,
        text.replace('"description": "Product unique ID"', '"description": "The product id"'),
      );
      const stale = await runScript("generate.ts", [...args, "--check"]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/generated\/schema\.ts\n/);

      expect((await runScript("generate.ts", args)).code).toBe(0);
      expect((await runScript("generate.ts", [...args, "--check"])).code).toBe(0);
    },
  );

  it("fails loudly, naming the action, when an overlay target is dead", async () => {
    const dir = await tempDir("dead-overlay");
    await writeFile(
      path.join(dir, "dead.yaml"),
      "overlay: 1.0.0\ninfo: { title: t, version: 1.0.0 }\nactions:\n  - description: bound a parameter that is gone\n    target: $.paths['/v1/tiktok/gone'].get\n    update: { x-a: 1 }\n",
    );
    const result = await runScript("generate.ts", [
      "--overlays",
      dir,
      "--out",
      path.join(dir, "out"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`action #1 "bound a parameter that is gone"`);
  });
});

describe("request bodies in the operation table", () => {
  const post = (schema: object) => ({
    post: {
      requestBody: { required: true, content: { "application/json": { schema } } },
      responses: { "200": { description: "ok" } },
    },
  });
  it("a body that is not an object is one parameter marked whole; a field named body is a field", async () => {
    const files = await generate({
      spec: {
        openapi: "3.0.3",
        info: { title: "t", version: "1" },
        paths: {
          "/v1/tiktok/tags": post({ type: "array", items: { type: "string" } }),
          "/v1/tiktok/composed": post({
            type: "object",
            allOf: [{ required: ["n"], properties: { n: { type: "integer" } } }],
          }),
          "/v1/tiktok/comment": post({
            type: "object",
            required: ["body"],
            properties: { body: { type: "string" } },
          }),
        },
      },
      specName: "x",
      specSha256: "0".repeat(64),
      overlayFiles: [],
      overlaySha256: null,
      pathPrefix: "/v1/tiktok/",
    });
    const ops = files.get("operations.ts")!;
    const entry = (path: string) =>
      ops.slice(ops.indexOf(`"${path}": {`), ops.indexOf('"schema"', ops.indexOf(`"${path}": {`)));
    expect(entry("/v1/tiktok/tags")).toMatch(
      /"name": "body",\s+"in": "body",\s+"required": true,\s+"whole": true/,
    );
    // Composed with allOf, its members' fields are its fields (it had no check at all).
    expect(entry("/v1/tiktok/composed")).toMatch(/"name": "n",\s+"in": "body",\s+"required": true/);
    expect(entry("/v1/tiktok/comment")).toMatch(
      /"name": "body",\s+"in": "body",\s+"required": true,\s+$/,
    );
  });
});
