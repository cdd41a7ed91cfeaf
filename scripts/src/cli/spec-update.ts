import { spawnSync } from "node:child_process";
import path from "node:path";
import { argsOrExit } from "./args.js";
import { renderTable } from "../spec-diff/render.js";
import { StoppedWriting, updateSpec } from "../spec-update/update.js";
import { repoRoot } from "../repo.js";
import { printable, printableError } from "../printable.js";

const { values, positionals } = argsOrExit("pnpm spec:update", {
  allowPositionals: true,
  options: {
    "no-reports": { type: "boolean", default: false },
    root: { type: "string" },
    date: { type: "string" },
    lang: { type: "string", default: "en" },
    help: { type: "boolean", default: false },
  },
});
if (!values.help && positionals.length !== 1) {
  console.error(
    `pnpm spec:update: one source to take, a docs site, a file or a URL (got ${positionals.length}); --help for more`,
  );
  process.exit(2);
}
if (values.help) {
  console.log(`usage: pnpm spec:update <llms.txt URL | saved site folder | file | URL> [--lang en|zh] [--no-reports] [--date YYYY-MM-DD] [--root DIR]

  The vendor's docs site (https://docs.keyapi.ai/llms.txt, or a folder holding a saved copy):
  every page the index links in --lang is read (4 at a time, retried), each operation's spec
  block merged into one document and its cost taken from its page's header. A single JSON/YAML
  spec or docs page works too. Validates the new spec (parse, spec lint, overlays), diffs it
  against the vendored one, then writes spec/tiktok.openapi.json, the generated credits overlay,
  spec/pages.manifest.json, spec/SOURCE.md, the generated types and a .changeset with the bump
  the diff implies; then rebuilds and refreshes the API reports (unless --no-reports). On a page
  that could not be read, an invalid spec or an overlay that no longer applies, no file changes
  and it exits 1. Stopped part-way while writing, it says so and leaves the old spec: run it
  again. --date is SOURCE.md's sync date (default today), --root the checkout (default this one).`);
  process.exit(0);
}

// Written into SOURCE.md as it is: a date, nothing else.
const date = values.date ?? new Date().toISOString().slice(0, 10);
// A day that exists: Date.parse takes 2026-02-30 as 2 March.
const isDay = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) &&
  !Number.isNaN(Date.parse(d)) &&
  new Date(d).toISOString().startsWith(d);
if (!isDay(date)) {
  console.error(`pnpm spec:update: --date is a day as YYYY-MM-DD (got ${JSON.stringify(date)})`);
  process.exit(2);
}

const cwd = process.env.INIT_CWD ?? process.cwd();
// A progress line on a terminal only: a CI log gets the result, not 78 redraws.
const onProgress = process.stderr.isTTY
  ? (done: number, total: number) =>
      process.stderr.write(
        `\rreading the docs site: ${done}/${total} pages${done === total ? "\n" : ""}`,
      )
  : undefined;
const input = /^https?:\/\//.test(positionals[0]!)
  ? positionals[0]!
  : path.resolve(cwd, positionals[0]!);
const root = values.root ? path.resolve(cwd, values.root) : repoRoot;
try {
  const { bump, changes, written, warnings, samples } = await updateSpec(root, input, date, {
    lang: values.lang!,
    ...(onProgress ? { onProgress } : {}),
  });
  for (const warning of warnings)
    console.warn(`warning: ${printable(warning, { keepLines: true })}`);
  if (!written.length) {
    console.log(
      "no change: the vendored spec, its costs and its pages are already these; nothing written",
    );
    process.exit(0);
  }
  process.stdout.write(renderTable(changes, bump, "vendored", path.basename(input)));
  for (const f of written) console.log(`wrote ${printable(path.relative(root, f))}`);
  if (samples?.added.length || samples?.dropped.length)
    console.log(
      `contract samples: ${samples.added.length} derived for new operations, ${samples.dropped.length} dropped with removed ones (spec/contract-samples.json: check the derived ones)`,
    );
} catch (error) {
  // Stopped part-way through writing, the vendored spec (written last) is as it was.
  const what =
    error instanceof StoppedWriting ? "spec:update stopped" : "spec:update failed, no file changed";
  console.error(`${what}: ${printableError(error)}`);
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
