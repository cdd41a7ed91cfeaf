import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { locate, readRuntimes } from "../runtime/locate.mjs";
import { repoRoot } from "../src/repo.js";
import { run } from "./helpers.js";

// Real binaries from the npm registry, installed by the set-up (scripts/runtime/install.mjs);
// this test only looks them up and never downloads.
const RUNTIMES: [string, string][] = [
  ["Node 20 (this process)", process.execPath],
  ...readRuntimes().map((r): [string, string] => [r.name, locate(r).binary]),
];

describe("runtime matrix: the built client (ESM, CJS) and mock (ESM, CJS)", () => {
  it.each(RUNTIMES)("%s", { timeout: 120_000 }, async (name, binary) => {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: run \`node scripts/runtime/install.mjs\` (the set-up)`,
      );
    }
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
