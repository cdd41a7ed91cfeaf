import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { generate } from "../src/codegen/generate.js";
import { assembleSite } from "../src/docs-site/assemble.js";
import { staleFiles, writeFiles } from "../src/codegen/write-or-check.js";
import { updateSpec } from "../src/spec-update/update.js";
import { changesetFor } from "../src/spec-update/changeset.js";
import { renderTable } from "../src/spec-diff/render.js";
import type { SpecChange } from "../src/spec-diff/classify.js";
import { paths, repoPaths, repoRoot } from "../src/repo.js";
import { generateCheckout, runScript, snapshot, tempDir, tempRepo } from "./helpers.js";

// What a hostile review of the scripts' commands found (2026-12-01, sixth session).

const spec = async () => JSON.parse(await readFile(paths.spec, "utf8"));
const R = "/v1/tiktok/product/reviews/analytics";

describe("generate --out never takes what it did not write", () => {
  // [what the folder holds besides, the name the refusal gives]
  it.each<[string, (dir: string) => Promise<void>, string]>([
    ["a file of the user's", (d) => writeFile(path.join(d, "README.md"), "mine"), "README.md"],
    ["a folder", (d) => mkdir(path.join(d, "src")), "src"],
    [
      "a file named as a generated one, not generated",
      (d) => writeFile(path.join(d, "index.ts"), "export const mine = 1;\n"),
      "index.ts",
    ],
  ])("%s: refused, nothing changed", async (_case, plant, named) => {
    const dir = await tempDir("gen-out");
    await plant(dir);
    const before = (await readdir(dir)).sort();
    const r = await runScript("generate.ts", ["--out", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`holds what generate did not write \\(.*${named.replace(".", "\\.")}`),
      ),
    ]);
    expect((await readdir(dir)).sort()).toEqual(before);
  });

  it("an earlier run's generated file no longer generated is removed; the rest is written", async () => {
    const dir = await tempDir("gen-out");
    expect((await runScript("generate.ts", ["--out", dir])).code).toBe(0);
    const old = await readFile(path.join(dir, "aliases.ts"), "utf8");
    await writeFile(path.join(dir, "renamed-since.ts"), old);
    expect((await runScript("generate.ts", ["--out", dir])).code).toBe(0);
    expect(await readdir(dir)).not.toContain("renamed-since.ts");
    expect(await readdir(dir)).toContain("aliases.ts");
  });

  // [case, what the folder holds, whether generate writes effective-spec.json, left after]
  it.each<[string, string[], boolean, string[]]>([
    ["a killed write's temporary file: removed", ["index.ts.123-0badcafe.tmp"], false, []],
    ["an editor's swap file: left alone", [".index.ts.swp"], false, [".index.ts.swp"]],
    [
      "a generated effective-spec.json: overwritten",
      ["effective-spec.json"],
      true,
      ["effective-spec.json"],
    ],
  ])("%s", async (_case, planted, extras, left) => {
    const dir = await tempDir("gen-own");
    for (const name of planted) await writeFile(path.join(dir, name), "x");
    const files = new Map([["a.ts", "// This file is generated, do not edit.\n"]]);
    if (extras) files.set("effective-spec.json", "{}\n");
    await writeFiles(dir, files);
    expect((await readdir(dir)).sort()).toEqual(
      [...files.keys(), ...left].sort().filter((v, i, a) => a.indexOf(v) === i),
    );
  });

  it("a hidden folder (.git) is left alone, and the files are written beside it", async () => {
    const dir = await tempDir("gen-out");
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
    expect((await runScript("generate.ts", ["--out", dir])).code).toBe(0);
    expect(await readFile(path.join(dir, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect(await readdir(dir)).toContain("aliases.ts");
  });

  it("an effective-spec.json it does not write now is not taken for its own: refused", async () => {
    const dir = await tempDir("gen-own");
    await writeFile(path.join(dir, "effective-spec.json"), "{}");
    const files = new Map([["a.ts", "// This file is generated, do not edit.\n"]]);
    await expect(writeFiles(dir, files)).rejects.toThrow(/did not write \(effective-spec\.json\)/);
    expect(await readdir(dir)).toEqual(["effective-spec.json"]);
  });

  it("writes each file whole: no temporary file is left beside them", async () => {
    const dir = await tempDir("gen-out");
    await writeFiles(dir, new Map([["a.ts", "// This file is generated, do not edit.\n"]]));
    expect(await readdir(dir)).toEqual(["a.ts"]);
  });
});

describe("generate refuses what it cannot read, in one line", () => {
  // [case, arguments, exit code, the line says]
  it.each<[string, (dir: string) => Promise<string[]>, number, RegExp]>([
    [
      "a mistyped overlays folder",
      async () => ["--overlays", "no-such-folder"],
      2,
      /--overlays no-such-folder: not a folder/,
    ],
    ["an overlays path that is a file", async () => ["--overlays", paths.spec], 2, /not a folder/],
    [
      "an empty spec",
      async (d) => (
        await writeFile(path.join(d, "e.json"), ""),
        ["--spec", path.join(d, "e.json")]
      ),
      1,
      /e\.json is not an OpenAPI 3\.0\/3\.1 document/,
    ],
    [
      "a spec that is a named pipe",
      async (d) => (
        execFileSync("mkfifo", [path.join(d, "p.json")]),
        ["--spec", path.join(d, "p.json")]
      ),
      1,
      /p\.json is not a regular file/,
    ],
    [
      "an overlay that is not YAML",
      async (d) => (
        await writeFile(path.join(d, "bad.yaml"), "actions: [\n  - : :\n"),
        ["--overlays", d]
      ),
      1,
      /bad\.yaml is not YAML: /,
    ],
  ])("%s", async (_case, args, code, says) => {
    const dir = await tempDir("gen-bad");
    const r = await runScript("generate.ts", [
      ...(await args(dir)),
      "--out",
      path.join(dir, "out"),
    ]);
    expect(r.code).toBe(code);
    expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(says)]);
  });
});

// The generator takes any OpenAPI 3.0/3.1 document, not only what spec:update takes from the
// vendor: one with webhooks and no paths, or an example whose data holds a URL under "$ref".
it.each(["public-specs/oas3.1-webhooks.json", "bench-specs/octokit-ghes-3.6-diff-to-api.json"])(
  "generate --spec %s --overlays none: generated",
  { timeout: 120_000 },
  async (spec) => {
    const out = path.join(await tempDir("gen-any"), "out");
    const r = await runScript("generate.ts", [
      ...["--spec", path.join(repoRoot, "scripts/fixtures", spec), "--overlays", "none"],
      ...["--out", out],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(out)).toContain("schema.ts");
  },
);

it("a path holding `*/` stays inside its doc comment in the generated aliases", async () => {
  const doc = await spec();
  const evil = "/v1/tiktok/p*/globalThis.pwned = 1;/*";
  doc.paths[evil] = doc.paths[R];
  doc.paths[R].get.summary = "ends */ early \u001b]0;TITLE\u0007";
  const files = await generate({
    spec: doc,
    specName: "evil.json",
    specSha256: "0",
    overlayFiles: [],
    overlaySha256: null,
    pathPrefix: "/v1/tiktok/",
  });
  const aliases = files.get("aliases.ts")!;
  // Only imports and type aliases: text that left its comment would be a statement of its own.
  const parsed = ts.createSourceFile("aliases.ts", aliases, ts.ScriptTarget.Latest);
  const kinds = new Set(parsed.statements.map((s) => ts.SyntaxKind[s.kind]));
  expect([...kinds].sort()).toEqual(["ImportDeclaration", "TypeAliasDeclaration"]);
  expect(aliases).toContain("p*\\/globalThis.pwned");
  expect(aliases).toContain("ends *\\/ early \\u001b]0;TITLE\\u0007");
  expect(aliases).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
});

it("spec:diff's git: ref is never read as an option of git's", async () => {
  const dir = await tempDir("git-ref");
  await mkdir(path.join(dir, "o:spec"));
  const r = await runScript("spec-diff.ts", [`git:--output=${path.join(dir, "o")}`]);
  expect(r.code).toBe(2);
  expect(await readdir(path.join(dir, "o:spec"))).toEqual([]);
});

describe("spec:update stopped while writing", () => {
  it("leaves the old spec, and the next run writes every file", { timeout: 60_000 }, async () => {
    const fixtures = path.join(repoRoot, "scripts/fixtures/spec-versions");
    const root = await tempRepo(path.join(fixtures, "base.openapi.json"));
    const { spec: specFile, changesets } = repoPaths(root);
    const old = await readFile(specFile, "utf8");
    // The changeset cannot be written (its folder is a file): the run stops part-way.
    await rm(changesets, { recursive: true });
    await writeFile(changesets, "");
    const input = path.join(fixtures, "additive.openapi.json");
    await expect(updateSpec(root, input, "2026-12-01")).rejects.toThrow(
      /while writing \.changeset\/spec-\w+\.md: .*run spec:update again/,
    );
    expect(await readFile(specFile, "utf8")).toBe(old);

    await rm(changesets);
    await mkdir(changesets);
    const again = await updateSpec(root, input, "2026-12-01");
    expect(again.bump).toBe("minor");
    expect(await readdir(changesets)).toHaveLength(1);
    expect(
      await staleFiles(repoPaths(root).generated, await generateCheckout(repoPaths(root))),
    ).toEqual([]);
    // Nothing half-written is left beside the files it wrote.
    const left = Object.keys(await snapshot(root)).filter((f) => f.endsWith(".tmp"));
    expect(left).toEqual([]);
  });
});

describe("the vendor's text never reaches a terminal or a CHANGELOG as control characters", () => {
  const evil = "GET /v1/tiktok/evil\u001b[31m/x\u001b]0;TITLE\u0007";
  const change: SpecChange = {
    kind: "additive",
    location: "/paths",
    library: "non-breaking",
    operation: evil,
    description: "query parameter `f\u001b[33mield\r` added",
  };
  // [where, the text it makes]
  it.each<[string, () => string]>([
    ["spec:diff's table", () => renderTable([change], "minor", "a\u001b[2J", "b")],
    ["the changeset", () => changesetFor([change], "minor", "0".repeat(64), "1".repeat(64))],
  ])("%s", (_where, make) => {
    const text = make();
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain("evil\\u001b[31m/x\\u001b]0;TITLE\\u0007");
    expect(text).toContain("f\\u001b[33mield\\u000d");
  });
});

describe("a saved site's llms.txt is read under its pages' rules", () => {
  // [case, how llms.txt is planted, the reason]
  it.each<[string, (dir: string) => Promise<void>, RegExp]>([
    [
      "a named pipe (the read would block)",
      async (dir) => void execFileSync("mkfifo", [path.join(dir, "llms.txt")]),
      /llms\.txt: not a regular file/,
    ],
    [
      "a symlink out of the folder",
      async (dir) => {
        await writeFile(path.join(dir, "..", "outside.txt"), "# secret\n");
        await symlink(path.join(dir, "..", "outside.txt"), path.join(dir, "llms.txt"));
      },
      /llms\.txt: its path leads outside the folder/,
    ],
  ])("%s: refused", async (_case, plant, reason) => {
    const dir = path.join(await tempDir("saved-site"), "site");
    await mkdir(dir);
    await plant(dir);
    const error = await assembleSite(dir).catch((e: Error) => e);
    expect((error as Error).message).toMatch(reason);
  });
});

it(
  "a rerun after a stop keeps the changeset the stopped run wrote",
  { timeout: 60_000 },
  async () => {
    const fixtures = path.join(repoRoot, "scripts/fixtures/spec-versions");
    const root = await tempRepo(path.join(fixtures, "base.openapi.json"));
    const input = path.join(fixtures, "additive.openapi.json");
    // What the stopped run left: its changeset, written against the costs as they were.
    const first = await updateSpec(
      await tempRepo(path.join(fixtures, "base.openapi.json")),
      input,
      "2026-12-01",
    );
    const name = path.basename(first.written.find((f) => f.includes(".changeset"))!);
    const kept = '---\n"@keyapi-tiktok/types": minor\n---\n\nwritten by the run that stopped\n';
    await writeFile(path.join(repoPaths(root).changesets, name), kept);
    const again = await updateSpec(root, input, "2026-12-01");
    expect(again.bump).toBe("minor");
    expect(await readFile(path.join(repoPaths(root).changesets, name), "utf8")).toBe(kept);
  },
);
