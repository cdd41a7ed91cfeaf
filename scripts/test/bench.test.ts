import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { run, tempDir } from "./helpers.js";

// The harness runs end to end at tiny N and writes a well-formed file. No timing is asserted:
// figures are measured by `pnpm bench`, never judged by tests.
describe("pnpm bench --quick", () => {
  it("runs every section and writes a well-formed results file", { timeout: 240_000 }, async () => {
    const out = path.join(await tempDir("bench"), "results.json");
    const r = await run(process.execPath, [
      "--expose-gc",
      path.join(repoRoot, "scripts/dist/cli/bench.js"),
      "--quick",
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(await readFile(out, "utf8"));
    expect(results).toMatchObject({
      quick: true,
      machine: { cpus: expect.any(Number), node: process.version },
    });
    const sections = new Set(
      results.rows.map((row: { section: string }) => row.section.split(".")[0]),
    );
    expect([...sections]).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    for (const row of results.rows) {
      expect(row).toMatchObject({
        section: expect.any(String),
        name: expect.any(String),
        unit: expect.any(String),
      });
      expect(Number.isFinite(row.value), `${row.name}: ${row.value}`).toBe(true);
      if ("ratio" in row) expect(Number.isFinite(row.ratio) && row.ratio > 0).toBe(true);
    }
    expect(r.stdout).toContain("1. client overhead");
  });

  // [variant, the function of ours or openapi-fetch's that must appear in the profile]
  it.each([
    ["get", "tryOnce"],
    // With no middleware, `GET` takes the direct road: our wrapper, not openapi-fetch's coreFetch.
    ["GET", "verbs.GET"],
    ["bare", "coreFetch"],
  ])("profile --variant %s runs under the profiler and ranks functions", async (variant, fn) => {
    const r = await run(process.execPath, [
      path.join(repoRoot, "scripts/dist/cli/profile.js"),
      "--variant",
      variant,
      "--calls",
      "300",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${variant}: [\\d.]+ µs a call$`, "m"));
    expect(r.stdout).toContain("self time");
    expect(r.stdout).toMatch(new RegExp(`%  ${fn.replace(".", "\\.")} `));
  });

  it("profile refuses an unknown variant in one line", async () => {
    const r = await run(process.execPath, [
      path.join(repoRoot, "scripts/dist/cli/profile.js"),
      "--variant",
      "post",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "--variant: one of get, GET, bare (got post); --calls: a positive number",
    ]);
  });
});
