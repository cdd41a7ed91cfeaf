import { writeFile } from "node:fs/promises";
import path from "node:path";
import { loadEffectiveSpec } from "../spec/effective.js";
import { lintSpecFile } from "../spec/lint.js";
import { paths } from "../repo.js";
import { argsOrExit } from "./args.js";
import { inTempFolder } from "../temp-folder.js";

// No arguments but --help: anything else is told in one line before any file is read.
const { values } = argsOrExit("pnpm lint:spec", { options: { help: { type: "boolean" } } });
if (values.help) {
  console.log("usage: pnpm lint:spec (no arguments): lints the vendored and the effective spec");
  process.exit(0);
}

/** Lints the vendored spec and the effective spec (overlays applied) with Redocly. */
await inTempFolder("keyapi-lint-", async (dir) => {
  const effective = path.join(dir, "tiktok.effective.openapi.json");
  const { spec } = await loadEffectiveSpec(paths.spec, paths.overlays);
  await writeFile(effective, JSON.stringify(spec, null, 2));
  let failed = false;
  for (const file of [paths.spec, effective]) {
    const { ok, report } = lintSpecFile(file);
    console.log(`spec lint: ${path.basename(file)}\n  ${report.split("\n").join("\n  ")}`);
    failed ||= !ok;
  }
  process.exitCode = failed ? 1 : 0;
});
