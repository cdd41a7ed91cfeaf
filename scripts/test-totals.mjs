// Sums the vitest JSON reports of every package into the line CI reads: "N passed, N failed".
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const [dir, expectedArg] = process.argv.slice(2);
const expected = Number(expectedArg ?? 0);
let passed = 0;
let failed = 0;
const names = readdirSync(dir).filter((n) => n.endsWith(".json"));
for (const name of names) {
  const r = JSON.parse(readFileSync(path.join(dir, name), "utf8"));
  passed += r.numPassedTests;
  // A suite that crashed before its tests ran, or an unhandled error, is a failure too.
  const silent = r.numFailedTests === 0 && (r.numFailedTestSuites > 0 || r.success === false);
  failed += r.numFailedTests + (silent ? Math.max(1, r.numFailedTestSuites) : 0);
}
if (names.length < expected) {
  console.error(
    `test totals: ${expected - names.length} package(s) wrote no test report (counted as failed)`,
  );
  failed += expected - names.length;
}
console.log(`${passed} passed, ${failed} failed`);
