import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { runScript, tempDir } from "./helpers.js";

type Spec = { paths: Record<string, Record<string, unknown>> };
const R = "/v1/tiktok/product/reviews/analytics";

// The most breaking changes of all also kill the overlay actions that target the operation:
// spec:diff must still classify them, then list the dead actions apart.
const CHANGES: [string, (s: Spec) => void, string][] = [
  ["operation removed", (s) => delete s.paths[R], "operation removed"],
  [
    "path renamed",
    (s) => {
      s.paths[`${R}/v2`] = s.paths[R]!;
      delete s.paths[R];
    },
    "operation removed",
  ],
  [
    "method changed",
    (s) => {
      s.paths[R]!.post = s.paths[R]!.get;
      delete s.paths[R]!.get;
    },
    "operation removed",
  ],
];

async function headWith(mutate: (s: Spec) => void): Promise<string> {
  const spec = JSON.parse(await readFile(path.join(repoRoot, "spec/tiktok.openapi.json"), "utf8"));
  mutate(spec);
  const file = path.join(await tempDir("diff"), "head.json");
  await writeFile(file, JSON.stringify(spec));
  return file;
}

describe("spec:diff on a removed, renamed or re-methoded operation", () => {
  it.each(CHANGES)(
    "%s: classified breaking (exit 1), dead overlay actions listed apart",
    async (_n, mutate, description) => {
      const head = await headWith(mutate);
      const base = path.join(repoRoot, "spec/tiktok.openapi.json");
      const text = await runScript("spec-diff.ts", [base, head]);
      expect(text.code, text.stderr).toBe(1);
      expect(text.stdout).toContain(`breaking  GET ${R}`);
      expect(text.stdout).toContain(description);
      expect(text.stdout).toMatch(
        /→ major bump[\s\S]*overlay actions that no longer apply to .*head\.json \(\d+\)/,
      );
      expect(text.stdout).toMatch(
        /keyapi\.overlay\.yaml action #\d+ ".+": target .+ matched nothing/,
      );

      const json = await runScript("spec-diff.ts", [base, head, "--json"]);
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ bump: "major", compared: "vendor" });
      expect(report.changes).toContainEqual(
        expect.objectContaining({ kind: "breaking", operation: `GET ${R}`, description }),
      );
      expect(report.deadActions.length).toBeGreaterThan(0);
      expect(report.deadActions).toContainEqual(
        expect.objectContaining({ overlay: "keyapi.overlay.yaml", index: expect.any(Number) }),
      );
    },
  );

  it("a spec against itself: no change, no dead action, exit 0, compared with the overlays", async () => {
    const base = path.join(repoRoot, "spec/tiktok.openapi.json");
    const json = await runScript("spec-diff.ts", [base, base, "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      bump: "none",
      compared: "effective",
      changes: [],
      deadActions: [],
    });
  });

  it("a tool failure exits 2, apart from a breaking change", async () => {
    const r = await runScript("spec-diff.ts", ["/nonexistent/base.json", "/nonexistent/head.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^spec:diff failed: /);
  });
});
