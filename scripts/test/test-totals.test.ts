import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { tempDir } from "./helpers.js";

// The line CI reads: everything that is not a passed test counts as failed.

const report = (o: Partial<Record<string, number>> = {}) => ({
  numPassedTests: 5,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: 0,
  success: true,
  ...o,
});

/** The totals of one package with these reports (undefined: the file is not there). */
async function totals(r: object | undefined, errors: object | undefined, flags: string[] = []) {
  const dir = path.join(await tempDir("totals"), "pkg");
  await mkdir(dir);
  if (r) await writeFile(path.join(dir, ".test-report.json"), JSON.stringify(r));
  if (errors) await writeFile(path.join(dir, ".test-errors.json"), JSON.stringify(errors));
  const { stdout } = await promisify(execFile)(process.execPath, [
    path.join(repoRoot, "scripts/test-totals.mjs"),
    ...flags,
    dir,
  ]);
  return stdout.trim();
}

const clean = { unhandledErrors: 0, brokenModules: [] };

describe("test-totals", () => {
  it.each<[string, object | undefined, object | undefined, string[], string]>([
    ["all passed", report(), clean, [], "5 passed, 0 failed"],
    ["a failed test", report({ numFailedTests: 2 }), clean, [], "5 passed, 2 failed"],
    [
      "skipped and todo tests",
      report({ numPendingTests: 1, numTodoTests: 1 }),
      clean,
      [],
      "5 passed, 2 failed",
    ],
    [
      "a test file that did not load",
      report({ numFailedTestSuites: 1 }),
      clean,
      [],
      "5 passed, 1 failed",
    ],
    ["an unhandled error", report(), { ...clean, unhandledErrors: 3 }, [], "5 passed, 3 failed"],
    ["no report", undefined, undefined, [], "0 passed, 1 failed"],
    ["no errors report", report(), undefined, [], "5 passed, 1 failed"],
    [
      "two other steps failed (typecheck, prettier)",
      report(),
      clean,
      ["--failed-steps", "2"],
      "5 passed, 2 failed",
    ],
    [
      "the tests step failed, every report clean",
      report(),
      clean,
      ["--tests-failed"],
      "5 passed, 1 failed",
    ],
    [
      "the tests step failed, explained by a test",
      report({ numFailedTests: 1 }),
      clean,
      ["--tests-failed"],
      "5 passed, 1 failed",
    ],
  ])("%s", async (_case, r, errors, flags, line) => {
    expect(await totals(r, errors, flags)).toBe(line);
  });
});
