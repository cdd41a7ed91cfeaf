import type { ViteUserConfig } from "vitest/config";

/** Where each package's JSON test report goes (a turbo output, so cached runs restore it). */
export const REPORT_FILE = ".test-report.json";

/**
 * Shared by every package's vitest config. With KEYAPI_TEST_REPORT=1 (the full test command
 * sets it) each package also writes a JSON report, so the workspace's totals can be summed
 * into the one `N passed, N failed` line CI reads.
 */
export function sharedTestConfig(): NonNullable<ViteUserConfig["test"]> {
  const report = process.env.KEYAPI_TEST_REPORT === "1";
  return {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    reporters: report ? ["default", "json"] : ["default"],
    ...(report ? { outputFile: { json: REPORT_FILE } } : {}),
  };
}
