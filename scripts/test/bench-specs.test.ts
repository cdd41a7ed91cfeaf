import path from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../src/codegen/generate.js";
import { writeFiles } from "../src/codegen/write-or-check.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { repoRoot } from "../src/repo.js";
import { tempDir, typecheckDir } from "./helpers.js";

const specs = ["octokit-ghes-3.6-diff-to-api.json", "digitalocean-public.v2.bundled.json"];

// Generic-generator proof: large public specs, generated and typechecked with strict tsc.
describe.each(specs)("generator on %s", (file) => {
  it("emits code that typechecks under strict tsc", { timeout: 120_000 }, async () => {
    const e = await loadEffectiveSpec(
      path.join(repoRoot, "scripts/fixtures/bench-specs", file),
      null,
    );
    const files = await generate({ ...e, specName: file, pathPrefix: "/" });
    const dir = await tempDir("bench-gen");
    await writeFiles(path.join(dir, "generated"), files);
    expect(await typecheckDir(dir, ["generated"])).toBe("");
    expect(files.get("aliases.ts")!.match(/export type /g)!.length).toBeGreaterThan(100);
  });
});
