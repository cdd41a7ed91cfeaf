import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { syncSamples } from "../contract/derive-sample.js";
import { parseSamples, samplesText } from "../contract/samples-file.js";
import { paths, repoRoot } from "../repo.js";
import { loadEffectiveSpec } from "../spec/effective.js";
import { argsOrExit } from "./args.js";

// No arguments but --help: anything else is told in one line before any file is read.
const { values } = argsOrExit("pnpm samples:sync", { options: { help: { type: "boolean" } } });
if (values.help) {
  console.log(
    "usage: pnpm samples:sync (no arguments): gives every operation of the vendored spec a contract sample (spec/contract-samples.json)",
  );
  process.exit(0);
}

// `pnpm samples:sync`: gives every operation of the vendored spec a contract sample (derived
// when it has none) and drops those of operations it no longer has; then `pnpm generate`.
// `spec:update` does the same for the spec it takes.

const file = path.relative(repoRoot, paths.samples);
try {
  const old = await readFile(paths.samples, "utf8").catch(() => undefined);
  const { spec } = await loadEffectiveSpec(paths.spec, paths.overlays, null);
  const { samples, added, dropped } = syncSamples(spec, old ? parseSamples(old, file) : {});
  const text = samplesText(samples);
  if (text !== old) await writeFile(paths.samples, text);
  console.log(
    `${file}: ${Object.keys(samples).length} operations, ${added.length} derived, ${dropped.length} dropped${text === old ? " (unchanged)" : ""}`,
  );
  for (const key of added) console.log(`  derived  ${key}`);
  for (const key of dropped) console.log(`  dropped  ${key}`);
} catch (error) {
  console.error(`samples:sync failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
