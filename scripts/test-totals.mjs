// Sums the vitest JSON reports of the given package folders into the line CI reads:
// "N passed, N failed". A package without a report counts as one failure, not as silence.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
for (const dir of process.argv.slice(2)) {
  const file = path.join(dir, ".test-report.json");
  if (!existsSync(file)) {
    console.error(`test totals: ${dir} wrote no test report (counted as failed)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  // A suite that crashed before its tests ran, or an unhandled error, is a failure too.
  const silent = r.numFailedTests === 0 && (r.numFailedTestSuites > 0 || r.success === false);
  failed += r.numFailedTests + (silent ? Math.max(1, r.numFailedTestSuites) : 0);
}
console.log(`${passed} passed, ${failed} failed`);
