// Sums the vitest JSON reports of the given package folders into the line CI reads:
// "N passed, N failed". Everything that is not a passed test counts as a failure: a failed test,
// a skipped, pending or todo one (a test that did not run is not done), an unhandled error, a
// test file that did not load, a package without a report, and (`--failed-steps N`) each other
// step of the test command that failed (typecheck, prettier, size, API reports...).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: {
    "failed-steps": { type: "string", default: "0" },
    // The tests step itself failed: if no report says why, that is a failure of its own.
    "tests-failed": { type: "boolean", default: false },
  },
  allowPositionals: true,
});
let passed = 0;
let failed = 0;
const say = (why) => console.error(`test totals: ${why} (counted as failed)`);
/** A package's report named `name`, or undefined (said, and counted as a failure). */
const read = (dir, name) => {
  const file = path.join(dir, name);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  say(`${dir} wrote no ${name}`);
  failed += 1;
  return undefined;
};
for (const dir of positionals) {
  const r = read(dir, ".test-report.json");
  if (!r) continue;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // Named here, next to the totals: a CI log is often read from its tail only.
  for (const file of r.testResults ?? []) {
    if (file.status === "failed" && file.message) {
      console.error(
        `failed: ${path.relative(process.cwd(), file.name)}: ${file.message.split("\n")[0]}`,
      );
    }
    for (const t of file.assertionResults ?? []) {
      if (t.status !== "failed") continue;
      const why = String(t.failureMessages?.[0] ?? "")
        .split("\n")[0]
        .slice(0, 300);
      console.error(`failed: ${path.relative(process.cwd(), file.name)} > ${t.fullName}: ${why}`);
    }
  }
  const notRun = r.numPendingTests + r.numTodoTests;
  if (notRun) say(`${dir}: ${notRun} skipped, pending or todo`);
  failed += notRun;
  // A suite that failed with no failed test (it did not load, a hook threw).
  if (r.numFailedTests === 0 && r.numFailedTestSuites > 0) {
    say(`${dir}: ${r.numFailedTestSuites} test files failed outside any test`);
    failed += r.numFailedTestSuites;
  }
  const e = read(dir, ".test-errors.json");
  if (e?.unhandledErrors) say(`${dir}: ${e.unhandledErrors} unhandled errors`);
  failed += e?.unhandledErrors ?? 0;
}
if (values["tests-failed"] && failed === 0) {
  say("the tests step failed with every report clean");
  failed += 1;
}
failed += Number(values["failed-steps"]);
console.log(`${passed} passed, ${failed} failed`);
