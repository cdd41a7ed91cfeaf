import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderTable } from "../spec-diff/render.js";
import { updateSpec } from "../spec-update/update.js";
import { repoRoot } from "../repo.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "no-reports": { type: "boolean", default: false },
    root: { type: "string" },
    date: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help || positionals.length !== 1) {
  console.log(`usage: pnpm spec:update <file-or-url> [--no-reports]

  Validates the new spec (parse, spec lint, overlays), diffs it against the vendored one, then
  writes spec/tiktok.openapi.json, spec/SOURCE.md, the generated types and a .changeset with
  the bump the diff implies; then rebuilds and refreshes the API reports (unless --no-reports).
  On an invalid spec or an overlay that no longer applies, no file changes and it exits 1.`);
  process.exit(values.help ? 0 : 2);
}

const cwd = process.env.INIT_CWD ?? process.cwd();
const input = /^https?:\/\//.test(positionals[0]!)
  ? positionals[0]!
  : path.resolve(cwd, positionals[0]!);
const root = values.root ? path.resolve(cwd, values.root) : repoRoot;
try {
  const { bump, changes, written } = await updateSpec(
    root,
    input,
    values.date ?? new Date().toISOString().slice(0, 10),
  );
  if (!written.length) {
    console.log("no change: the vendored spec is already this document; nothing written");
    process.exit(0);
  }
  process.stdout.write(renderTable(changes, bump, "vendored", path.basename(input)));
  for (const f of written) console.log(`wrote ${path.relative(root, f)}`);
} catch (error) {
  console.error(
    `spec:update failed, no file changed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
if (!values["no-reports"]) {
  for (const args of [["turbo", "run", "build", "--output-logs=errors-only"], ["api:report"]]) {
    if (spawnSync("pnpm", args, { cwd: root, stdio: "inherit" }).status !== 0) {
      console.error(
        `pnpm ${args.join(" ")} failed; the spec, types and changeset are written: fix and rerun it`,
      );
      process.exit(1);
    }
  }
}
