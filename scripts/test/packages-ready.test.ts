import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { run } from "./helpers.js";
import { PUBLISHED as PUBLISHED_NAMES } from "../src/spec-update/changeset.js";

// Every published package's registry page and tarball: a README a newcomer can start from and a
// LICENSE that agrees with the `license` field.
// Every package of the workspace that is not private, found, not listed: a new one is checked too.
const PUBLISHED = readdirSync(path.join(repoRoot, "packages")).filter((dir) => {
  const manifest = path.join(repoRoot, "packages", dir, "package.json");
  try {
    return !(JSON.parse(readFileSync(manifest, "utf8")) as { private?: boolean }).private;
  } catch {
    return false;
  }
});

describe.each(PUBLISHED)("packages/%s is ready for its registry", (dir) => {
  const root = path.join(repoRoot, "packages", dir);
  const read = (f: string) => readFile(path.join(root, f), "utf8");

  it("has a README: name, install line, quickstart, link to the docs", async () => {
    const { name } = JSON.parse(await read("package.json"));
    const readme = await read("README.md");
    expect(readme.split("\n")[0]).toBe(`# ${name}`);
    expect(readme).toMatch(new RegExp(`npm install (-[gD] )?${name}`));
    expect(readme).toMatch(/## Quickstart\n\n```(ts|sh)\n[^`]+```/);
    expect(readme).toMatch(/\]\(\.\.\/\.\.\/docs\/[\w-]+\.md\)/);
  });

  it("has a LICENSE that agrees with its license field and the root's", async () => {
    const { license } = JSON.parse(await read("package.json"));
    const text = await read("LICENSE");
    expect(license).toBe("MIT");
    expect(text.split("\n")[0]).toBe("MIT License");
    expect(text).toBe(await readFile(path.join(repoRoot, "LICENSE"), "utf8"));
  });

  it("packs README, LICENSE and package.json into its tarball", { timeout: 30_000 }, async () => {
    const r = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], root);
    expect(r.code, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json"]));
  });
});

describe("releases", () => {
  it("the changesets fixed group holds every published package (they release in lockstep)", () => {
    const names = PUBLISHED.map(
      (dir) =>
        (
          JSON.parse(
            readFileSync(path.join(repoRoot, "packages", dir, "package.json"), "utf8"),
          ) as {
            name: string;
          }
        ).name,
    );
    expect([...PUBLISHED_NAMES].sort()).toEqual(names.sort());
  });
});

describe("the repository's own docs", () => {
  it("every relative link of the READMEs and docs/ points at a file that exists", async () => {
    const { readdir, access } = await import("node:fs/promises");
    const docs = (await readdir(path.join(repoRoot, "docs"))).map((f) => `docs/${f}`);
    const files = ["README.md", ...docs, ...PUBLISHED.map((d) => `packages/${d}/README.md`)];
    const broken: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, file), "utf8");
      for (const [, target] of text.matchAll(/\]\(((?!https?:|#)[^)#\s]+)[^)]*\)/g)) {
        const at = path.resolve(repoRoot, path.dirname(file), target!);
        await access(at).catch(() => broken.push(`${file} → ${target}`));
      }
    }
    expect(broken).toEqual([]);
  });
});
