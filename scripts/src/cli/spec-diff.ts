import { argsOrExit } from "./args.js";
import { compareVersions } from "../spec-diff/compare.js";
import { renderComparison } from "../spec-diff/render.js";
import { defaultBase, loadVersion } from "../spec-diff/versions.js";
import { paths } from "../repo.js";
import path from "node:path";
import { printableError } from "../printable.js";

const { values, positionals } = argsOrExit("pnpm spec:diff", {
  allowPositionals: true,
  options: { json: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
});
if (values.help) {
  console.log(`usage: pnpm spec:diff [base] [head] [--json]

  base, head   a spec file, git:<ref> for the vendored spec at a ref, or the docs site
               (its llms.txt URL or a saved folder: pages merged, costs from their headers)
               (default base: the last release tag, else origin/main, else HEAD;
                default head: spec/tiktok.openapi.json as it is now)
  Classifies every change for SDK consumers, then lists the overlay actions (spec/overlays)
  that no longer match the head version. When an action is dead, the vendor's documents are
  compared as they are.

  exit 0  nothing breaking, every overlay action applies
  exit 1  a breaking change (major bump) or a dead overlay action: a person must look
  exit 2  the tool failed (unreadable input, bad arguments)`);
  process.exit(0);
}

if (positionals.length > 2) {
  console.error(`pnpm spec:diff: at most two versions, base and head (got ${positionals.length})`);
  process.exit(2);
}

const cwd = process.env.INIT_CWD ?? process.cwd();
const resolve = (ref: string) =>
  ref.startsWith("git:") || /^https?:\/\//.test(ref) ? ref : path.resolve(cwd, ref);
try {
  const base = await loadVersion(resolve(positionals[0] ?? defaultBase()));
  const head = await loadVersion(positionals[1] ? resolve(positionals[1]) : paths.spec);
  const result = compareVersions(base, head);
  const label = (l: string) => (l.startsWith("git:") ? l : path.relative(cwd, l) || l);
  const labels = { base: label(base.label), head: label(head.label) };
  if (values.json) console.log(JSON.stringify({ ...labels, ...result }, null, 2));
  else process.stdout.write(renderComparison(result, labels.base, labels.head));
  process.exitCode = result.bump === "major" || result.deadActions.length ? 1 : 0;
} catch (error) {
  console.error(`spec:diff failed: ${printableError(error)}`);
  process.exitCode = 2;
}
