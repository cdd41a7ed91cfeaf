import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEffectiveSpec } from "../spec/effective.js";
import { paths, repoRoot } from "../repo.js";

/** Lints the vendored spec and the effective spec (overlays applied) with Redocly. */
const require = createRequire(import.meta.url);
const redocly = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");

const dir = await mkdtemp(path.join(tmpdir(), "keyapi-lint-"));
try {
  const effective = path.join(dir, "tiktok.effective.openapi.json");
  const { spec } = await loadEffectiveSpec(paths.spec, paths.overlays);
  await writeFile(effective, JSON.stringify(spec, null, 2));
  let failed = false;
  for (const file of [paths.spec, effective]) {
    const result = spawnSync(
      process.execPath,
      [
        redocly,
        "lint",
        file,
        "--config",
        path.join(repoRoot, "redocly.yaml"),
        "--format",
        "summary",
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      },
    );
    // Redocly prints its report and a Node-version banner on stderr; keep the report only.
    const report = (result.stderr.toString() + result.stdout.toString())
      .split("\n")
      .filter((l) => !/^\s*[║╔╚]/.test(l) && l.trim());
    console.log(`spec lint: ${path.basename(file)}\n  ${report.join("\n  ")}`);
    failed ||= result.status !== 0;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await rm(dir, { recursive: true, force: true });
}
