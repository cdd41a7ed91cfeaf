import { cp, mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { staleFiles } from "../src/codegen/write-or-check.js";
import { sha256 } from "../src/spec/sha256.js";
import { updateSpec } from "../src/spec-update/update.js";
import { repoPaths, repoRoot } from "../src/repo.js";
import { generateCheckout, snapshot, tempDir, tempRepo, typecheckDir } from "./helpers.js";

const FIXTURES = path.join(repoRoot, "scripts/fixtures/spec-versions");

describe("spec:update", () => {
  it.each([
    [
      "additive.openapi.json",
      "minor",
      [
        "`GET /v1/tiktok/product/detail`: operation added",
        "query parameter `sort_by` added (optional)",
      ],
    ],
    [
      "breaking.openapi.json",
      "major",
      ["response 200: `data[].sku_id` removed", "query parameter `sort_by` added (required)"],
    ],
  ])(
    "%s → a %s changeset for every package, regenerated types that typecheck",
    { timeout: 60_000 },
    async (fixture, bump, lines) => {
      // The versions are changes of base.openapi.json, whatever spec is vendored today.
      const root = await tempRepo(path.join(FIXTURES, "base.openapi.json"));
      const before = await readdir(path.join(root, ".changeset"));
      const result = await updateSpec(root, path.join(FIXTURES, fixture), "2026-11-27");
      expect(result.bump).toBe(bump);
      const changesets = (await readdir(path.join(root, ".changeset"))).filter(
        (f) => !before.includes(f),
      );
      expect(changesets).toHaveLength(1);
      const changeset = await readFile(path.join(root, ".changeset", changesets[0]!), "utf8");
      for (const pkg of ["types", "client", "mock", "cli"])
        expect(changeset).toContain(`"@keyapi-tiktok/${pkg}": ${bump}`);
      for (const line of lines) expect(changeset).toContain(line);

      const paths = repoPaths(root);
      const vendored = await readFile(paths.spec, "utf8");
      expect(JSON.parse(vendored)).toEqual(
        JSON.parse(await readFile(path.join(FIXTURES, fixture), "utf8")),
      );
      expect(await readFile(paths.source, "utf8")).toContain(sha256(vendored));
      // The generated code is exactly what `generate` makes from the new spec: no drift.
      const files = await generateCheckout(paths);
      expect(await staleFiles(paths.generated, files)).toEqual([]);
      const aliases = await readFile(path.join(paths.generated, "aliases.ts"), "utf8");
      expect(aliases).toContain(
        bump === "minor" ? "export type ProductDetailResponse =" : "export type ProductReview =",
      );
      const tsc = await typecheckDir(
        root,
        ["packages/types/src/generated/*.ts"],
        ["packages/types/src/generated/validators.ts"],
      );
      expect(tsc).toBe("");
    },
  );

  it.each([
    [
      "an invalid spec",
      "openapi: 2.0.0\npaths: {}\n",
      /new\.yaml is not an OpenAPI 3\.0\/3\.1 document: it is OpenAPI "2\.0\.0"/,
    ],
    ["unparsable text", "{ not json", /new\.yaml is not JSON or YAML: /],
    [
      "a spec the overlays no longer fit (the change classified first)",
      null,
      /breaking.*parameter `page_size` removed.*major bump.*page_size is 1\.\.10.*matched nothing.*overlays no longer apply/s,
    ],
  ])("refuses %s and changes no file", { timeout: 60_000 }, async (_name, text, message) => {
    const root = await tempRepo();
    const input = path.join(await tempDir("input"), "new.yaml");
    if (text) await writeFile(input, text);
    else {
      const spec = JSON.parse(
        await readFile(path.join(repoRoot, "spec/tiktok.openapi.json"), "utf8"),
      );
      const op = spec.paths["/v1/tiktok/product/reviews/analytics"].get;
      op.parameters = op.parameters.filter((p: { name: string }) => p.name !== "page_size");
      await writeFile(input, JSON.stringify(spec));
    }
    const before = await snapshot(root);
    await expect(updateSpec(root, input, "2026-11-27")).rejects.toThrow(message);
    expect(await snapshot(root)).toEqual(before);
  });

  it("the drift check catches a spec replaced without regenerating", async () => {
    const root = await tempRepo(path.join(FIXTURES, "additive.openapi.json"));
    const paths = repoPaths(root);
    const files = await generateCheckout(paths);
    expect((await staleFiles(paths.generated, files)).length).toBeGreaterThan(0);
  });
});
