import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { run, tempDir } from "./helpers.js";

// The harness runs end to end at tiny N and writes a well-formed file. No timing is asserted:
// figures are measured by `pnpm bench`, never judged by tests.
describe("pnpm bench --quick", () => {
  it("runs every section and writes a well-formed results file", { timeout: 240_000 }, async () => {
    const out = path.join(await tempDir("bench"), "results.json");
    // A temp folder of its own: whatever a section puts there must be gone after the run.
    const tmp = await tempDir("bench-tmp");
    const r = await run(
      process.execPath,
      ["--expose-gc", path.join(repoRoot, "scripts/dist/cli/bench.js"), "--quick", "--out", out],
      repoRoot,
      { TMPDIR: tmp },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await readdir(tmp)).toEqual([]);
    const results = JSON.parse(await readFile(out, "utf8"));
    expect(results).toMatchObject({
      quick: true,
      machine: { cpus: expect.any(Number), node: process.version },
    });
    const sections = new Set(
      results.rows.map((row: { section: string }) => row.section.split(".")[0]),
    );
    expect([...sections]).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    for (const row of results.rows) {
      expect(row).toMatchObject({
        section: expect.any(String),
        name: expect.any(String),
        unit: expect.any(String),
      });
      expect(Number.isFinite(row.value), `${row.name}: ${row.value}`).toBe(true);
      if ("ratio" in row) expect(Number.isFinite(row.ratio) && row.ratio > 0).toBe(true);
      if ("spread" in row) {
        const [low, high] = row.spread;
        expect(Number.isFinite(low) && low > 0 && low <= high, `${row.name}: ${row.spread}`).toBe(
          true,
        );
      }
    }
    // Section 2 runs in processes of its own: each row says how far apart they landed.
    expect(results.rows.filter((row: { spread?: unknown }) => row.spread)).toHaveLength(5);
    expect(r.stdout).toMatch(/our client \(client\.get\).*processes \d\.\d{2}–\d\.\d{2}/);
    expect(r.stdout).toContain("1. client overhead");
  });

  // [variant, road, a function that must rank in the profile, one that must not]. On loopback the
  // server runs in the profiled process: its parser shows there, and never on the stub.
  it.each([
    ["get", "stub", "tryOnce", "parserOnIncoming"],
    // With no middleware, `GET` takes the direct road: our wrapper, not openapi-fetch's coreFetch.
    ["GET", "stub", "verbs.GET", "parserOnIncoming"],
    ["bare", "stub", "coreFetch", "parserOnIncoming"],
    ["get", "loopback", "parserOnIncoming", "coreFetch"],
    ["bare", "loopback", "parserOnIncoming", "tryOnce"],
  ])("profile --variant %s on the %s ranks its functions", async (variant, road, has, hasNot) => {
    const loopback = road === "loopback";
    const r = await run(process.execPath, [
      path.join(repoRoot, "scripts/dist/cli/profile.js"),
      "--variant",
      variant,
      "--calls",
      // Enough calls for the sampler: at 300, `verbs.GET` missed the top 25 in one run of six.
      loopback ? "2000" : "5000",
      // The stub's rows as before (in the top 25); loopback's: anywhere in the profile.
      "--top",
      loopback ? "1000" : "25",
      ...(loopback ? ["--loopback"] : []),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const suffix = loopback ? " \\(loopback, 32 at a time\\)" : "";
    expect(r.stdout).toMatch(new RegExp(`^${variant}: [\\d.]+ µs a call${suffix}$`, "m"));
    expect(r.stdout).toContain("self time");
    const ranked = (fn: string) => new RegExp(`%  ${fn.replace(".", "\\.")} `).test(r.stdout);
    expect(ranked(has), has).toBe(true);
    expect(ranked(hasNot), hasNot).toBe(false);
  });

  it("profile refuses an unknown variant in one line", async () => {
    const r = await run(process.execPath, [
      path.join(repoRoot, "scripts/dist/cli/profile.js"),
      "--variant",
      "post",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      "profile: --variant is one of get, GET, bare (got post)",
    ]);
  });
});

describe("pnpm bench --out", () => {
  it("a relative path is the caller's (pnpm's INIT_CWD), not scripts/", async () => {
    const caller = await tempDir("bench-out");
    const r = await run(
      process.execPath,
      [
        path.join(repoRoot, "scripts/dist/cli/bench.js"),
        ...["--quick", "--only", "client overhead", "--out", "results.json"],
      ],
      path.join(repoRoot, "scripts"),
      { INIT_CWD: caller },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(path.join(caller, "results.json"), "utf8")).rows).not.toEqual(
      [],
    );
    expect(r.stdout).toContain("wrote results.json");
  });
});
