import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareVersions } from "../spec-diff/compare.js";
import { defaultBase, loadVersion } from "../spec-diff/versions.js";
import { missingBumps } from "../spec-update/check-changesets.js";
import { paths } from "../repo.js";
import { printable, printableError } from "../printable.js";

/**
 * CI check: when the vendored spec differs from the base (last release tag, else origin/main,
 * else HEAD), its breaking changes need a major changeset for every published package.
 */
const args = process.argv.slice(2);
if (args.length > 1 || args[0]?.startsWith("-")) {
  const help = args[0] === "--help";
  (help ? console.log : console.error)("usage: check-changesets [base: a spec file or git:<ref>]");
  process.exit(help ? 0 : 2);
}
const baseRef = args[0] ?? defaultBase();
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
