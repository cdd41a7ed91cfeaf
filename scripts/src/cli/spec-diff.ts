import { parseArgs } from "node:util";
import { bumpFor, diffSpecs } from "../spec-diff/classify.js";
import { renderTable } from "../spec-diff/render.js";
import { defaultBase, loadVersion } from "../spec-diff/versions.js";
import { paths } from "../repo.js";
import path from "node:path";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
});
if (values.help) {
  console.log(`usage: pnpm spec:diff [base] [head] [--json]

  base, head   a spec file, or git:<ref> for the vendored spec at a ref
               (default base: the last release tag, else origin/main, else HEAD;
                default head: spec/tiktok.openapi.json as it is now)
  exits 1 when a change is breaking for SDK consumers`);
  process.exit(0);
}

const cwd = process.env.INIT_CWD ?? process.cwd();
const resolve = (ref: string) => (ref.startsWith("git:") ? ref : path.resolve(cwd, ref));
try {
  const base = await loadVersion(resolve(positionals[0] ?? defaultBase()));
  const head = await loadVersion(positionals[1] ? resolve(positionals[1]) : paths.spec);
  const changes = diffSpecs(base.spec, head.spec);
  const bump = bumpFor(changes);
  const label = (l: string) => (l.startsWith("git:") ? l : path.relative(cwd, l) || l);
  if (values.json)
    console.log(
      JSON.stringify({ base: label(base.label), head: label(head.label), bump, changes }, null, 2),
    );
  else process.stdout.write(renderTable(changes, bump, label(base.label), label(head.label)));
  process.exitCode = bump === "major" ? 1 : 0;
} catch (error) {
  console.error(`spec:diff failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
