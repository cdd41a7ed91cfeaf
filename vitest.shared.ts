import path from "node:path";
import type { ViteUserConfig } from "vitest/config";

/**
 * Shared by every package's vitest config. When KEYAPI_TEST_REPORT_DIR is set (the full test
 * command sets it) each package also writes a JSON report there, so the workspace's totals
 * can be summed into the one `N passed, N failed` line CI reads.
 */
export function sharedTestConfig(packageName: string): NonNullable<ViteUserConfig["test"]> {
  const dir = process.env.KEYAPI_TEST_REPORT_DIR;
  return {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    reporters: dir ? ["default", "json"] : ["default"],
    ...(dir
      ? { outputFile: { json: path.join(dir, `${packageName.replace(/[@/]/g, "_")}.json`) } }
      : {}),
  };
}
