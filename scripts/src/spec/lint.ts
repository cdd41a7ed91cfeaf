import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../repo.js";

const require = createRequire(import.meta.url);
const redocly = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");

/** Redocly lint with the repo's rules (redocly.yaml); the report without Redocly's banners. */
export function lintSpecFile(
  file: string,
  format: "summary" | "stylish" = "summary",
): { ok: boolean; report: string } {
  const result = spawnSync(
    process.execPath,
    [redocly, "lint", file, "--config", path.join(repoRoot, "redocly.yaml"), "--format", format],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  const report = (result.stderr.toString() + result.stdout.toString())
    .split("\n")
    .filter((l) => !/^\s*[║╔╚]/.test(l) && l.trim())
    .join("\n");
  return { ok: result.status === 0, report };
}
