import { describe, expect, it } from "vitest";
import { runScript } from "./helpers.js";

// A mistake on a script's command line is one line naming the command, and exit 2: never
// Node's stack trace (parseArgs throws).
describe("a bad command line", () => {
  // [script, arguments, the command named, what the line says]
  it.each<[string, string[], string, string]>([
    ["bench.ts", ["--bogus"], "pnpm bench", "Unknown option '--bogus'"],
    ["generate.ts", ["--bogus"], "pnpm generate", "Unknown option '--bogus'"],
    ["profile.ts", ["--calls"], "profile", "Option '--calls <value>' argument missing"],
    ["spec-diff.ts", ["--bogus"], "pnpm spec:diff", "Unknown option '--bogus'"],
    ["spec-update.ts", ["a", "b"], "pnpm spec:update", "one source to take"],
    [
      "spec-update.ts",
      [],
      "pnpm spec:update",
      "one source to take, a docs site, a file or a URL (got 0)",
    ],
    ["spec-update.ts", ["--lang"], "pnpm spec:update", "Option '--lang <value>' argument missing"],
    // Checked before a run of half an hour, and before results.json is overwritten.
    ["bench.ts", ["--only", "nomatch"], "pnpm bench", '--only "nomatch" names no section'],
    ["bench.ts", ["--only="], "pnpm bench", '--only "" names no section'],
    [
      "bench.ts",
      ["--only", "size", "--out", "test"],
      "pnpm bench",
      "--out test: cannot be written",
    ],
    ["profile.ts", ["--calls", "1e999"], "profile", "--calls is a whole number above 0"],
    ["profile.ts", ["--top=-1"], "profile", "--top is a whole number above 0 (got -1)"],
    ["profile.ts", ["--calls", "0.5"], "profile", "--calls is a whole number above 0"],
    ["profile.ts", ["--variant", "x"], "profile", "--variant is one of get, GET, bare"],
    ["spec-update.ts", ["x.json", "--date", "2026-02-30"], "pnpm spec:update", "--date is a day"],
    ["generate.ts", ["--out", ""], "pnpm generate", "--out is empty"],
    ["bench.ts", ["--out", ""], "pnpm bench", "--out is empty"],
    ["check-changesets.ts", ["--bogus"], "check-changesets", "Unknown option '--bogus'"],
    ["check-changesets.ts", ["a", "b"], "check-changesets", "at most one base (got 2)"],
    ["sync-samples.ts", ["--bogus"], "pnpm samples:sync", "Unknown option '--bogus'"],
    ["lint-spec.ts", ["x"], "pnpm lint:spec", "Unexpected argument 'x'"],
    [
      "spec-diff.ts",
      ["a", "b", "c"],
      "pnpm spec:diff",
      "at most two versions, base and head (got 3)",
    ],
    [
      "spec-update.ts",
      ["x.json", "--date", "2026-12-01\n# injected"],
      "pnpm spec:update",
      "--date is a day as YYYY-MM-DD",
    ],
  ])("%s %j: one line, exit 2", async (script, args, command, says) => {
    const r = await runScript(script, args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      expect.stringContaining(`${command}: ${says}`),
    ]);
  });
});

describe("--help", () => {
  it.each([
    "bench.ts",
    "check-changesets.ts",
    "generate.ts",
    "lint-spec.ts",
    "profile.ts",
    "spec-diff.ts",
    "spec-update.ts",
    "sync-samples.ts",
  ])("%s prints its usage and exits 0", async (script) => {
    const r = await runScript(script, ["--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: /);
  });
});
