import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { syncSamples } from "../contract/derive-sample.js";
import { parseSamples, samplesText } from "../contract/samples-file.js";
import { paths, repoRoot } from "../repo.js";
import { loadEffectiveSpec } from "../spec/effective.js";

// It takes no arguments: anything given is a mistake (or --help), told before any file is read.
if (process.argv.length > 2) {
  const help = process.argv[2] === "--help";
  (help ? console.log : console.error)(
    `usage: pnpm samples:sync (no arguments): gives every operation of the vendored spec a contract sample (spec/contract-samples.json)`,
  );
  process.exit(help ? 0 : 2);
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
