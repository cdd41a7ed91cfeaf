import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ViteUserConfig } from "vitest/config";
import type { Reporter } from "vitest/node";

/** Where each package's JSON test report goes (a turbo output, so cached runs restore it). */
export const REPORT_FILE = ".test-report.json";

/** What the JSON report leaves out: errors outside any test, and modules that never ran. */
export const ERRORS_FILE = ".test-errors.json";

/**
 * Unhandled errors (a rejection after a test ended, a crashed worker) and test files that failed
 * to load never reach the JSON report's counts or its `success`: written beside it, so the
 * workspace's totals count each as a failure.
 */
const errorsReporter: Reporter = {
  onTestRunEnd(modules, unhandledErrors, reason) {
    const broken = modules.filter((m) => m.errors().length > 0).map((m) => m.moduleId);
    writeFileSync(
      ERRORS_FILE,
      JSON.stringify({ unhandledErrors: unhandledErrors.length, brokenModules: broken, reason }) +
        "\n",
    );
  },
};

/**
 * Shared by every package's vitest config. With KEYAPI_TEST_REPORT=1 (the full test command
 * sets it) each package also writes a JSON report, so the workspace's totals can be summed
 * into the one `N passed, N failed` line CI reads. `.only` fails the run rather than quietly
 * skipping every other test. Each run's temp files go to a folder removed after it
 * (`vitest.tmpdir.ts`).
 */
export function sharedTestConfig(): NonNullable<ViteUserConfig["test"]> {
  const report = process.env.KEYAPI_TEST_REPORT === "1";
  return {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    allowOnly: false,
    globalSetup: [fileURLToPath(new URL("./vitest.tmpdir.ts", import.meta.url))],
    reporters: report ? ["default", "json", errorsReporter] : ["default"],
    ...(report ? { outputFile: { json: REPORT_FILE } } : {}),
  };
}
