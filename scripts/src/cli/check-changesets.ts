import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareVersions } from "../spec-diff/compare.js";
import { defaultBase, loadVersion } from "../spec-diff/versions.js";
import { missingBumps } from "../spec-update/check-changesets.js";
import { paths } from "../repo.js";
import { printable, printableError } from "../printable.js";
import { argsOrExit } from "./args.js";

/**
 * CI check: when the vendored spec differs from the base (last release tag, else origin/main,
 * else HEAD), its breaking changes need a major changeset for every published package.
 */
const { values, positionals } = argsOrExit("check-changesets", {
  allowPositionals: true,
  options: { help: { type: "boolean" } },
});
if (values.help) {
  console.log("usage: check-changesets [base: a spec file or git:<ref>]");
  process.exit(0);
}
if (positionals.length > 1) {
  console.error(`check-changesets: at most one base (got ${positionals.length})`);
  process.exit(2);
}
const baseRef = positionals[0] ?? defaultBase();
const [base, head] = await Promise.all([loadVersion(baseRef), loadVersion(paths.spec)]).catch(
  (error: unknown) => {
    console.error(`check-changesets failed: ${printableError(error)}`);
    process.exit(2);
  },
);
const { changes, bump: required } = compareVersions(base, head);
const files = (await readdir(paths.changesets)).filter(
  (f) => f.endsWith(".md") && f !== "README.md",
);
const texts = await Promise.all(files.map((f) => readFile(path.join(paths.changesets, f), "utf8")));
// Only breaking changes are enforced; additive and docs changes are the author's call.
const missing = required === "major" ? missingBumps("major", texts) : [];
if (missing.length) {
  console.error(`The vendored spec has breaking changes since ${baseRef}:`);
  for (const c of changes.filter((c) => c.kind === "breaking"))
    console.error(`  - ${printable(`${c.operation ?? ""} ${c.description}`)}`);
  console.error(`but no major changeset for: ${missing.join(", ")}.`);
  console.error(
    "Add one with `pnpm changeset` (choose major for them), or let `pnpm spec:update <file>` write it.",
  );
  process.exit(1);
}
console.log(
  `changesets ok: spec vs ${baseRef}: ${changes.length} change(s), ${required} bump required`,
);
