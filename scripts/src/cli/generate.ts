import path from "node:path";
import { argsOrExit } from "./args.js";
import { generate } from "../codegen/generate.js";
import { staleFiles, writeFiles } from "../codegen/write-or-check.js";
import { loadEffectiveSpec } from "../spec/effective.js";
import { stat } from "node:fs/promises";
import { paths, repoRoot } from "../repo.js";
import { printable, printableError } from "../printable.js";

const USAGE = `usage: pnpm generate [--check] [--spec FILE] [--overlays DIR|none] [--out DIR] [--prefix /v1/tiktok/]

  --check      exit 1 and name each stale file instead of writing
  --spec       spec to generate from (default spec/tiktok.openapi.json)
  --overlays   overlay folder applied in file-name order (default spec/overlays; "none" for none)
  --out        output folder (default packages/types/src/generated)
  --prefix     path prefix stripped before operation names are derived
  --runtime-extras  also emit response validators and effective-spec.json (default for the repo spec)`;

const { values } = argsOrExit("pnpm generate", {
  options: {
    check: { type: "boolean", default: false },
    spec: { type: "string" },
    overlays: { type: "string" },
    out: { type: "string" },
    prefix: { type: "string" },
    "runtime-extras": { type: "boolean" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

// An empty value (`--out "$UNSET"`) would fall back to the default and overwrite the real types.
for (const name of ["spec", "overlays", "out", "prefix"] as const)
  if (values[name] === "") {
    console.error(`pnpm generate: --${name} is empty`);
    process.exit(2);
  }

// pnpm runs scripts in the package folder; resolve user paths against where they were typed.
const cwd = process.env.INIT_CWD ?? process.cwd();
const specFile = values.spec ? path.resolve(cwd, values.spec) : paths.spec;
const overlaysDir =
  values.overlays === "none"
    ? null
    : values.overlays
      ? path.resolve(cwd, values.overlays)
      : paths.overlays;
const outDir = values.out ? path.resolve(cwd, values.out) : paths.generated;
const isDefaultSpec = specFile === paths.spec;
// A mistyped folder would read as "no overlays" and regenerate the types without them.
if (overlaysDir && !(await stat(overlaysDir).catch(() => undefined))?.isDirectory()) {
  console.error(`pnpm generate: --overlays ${values.overlays}: not a folder (or "none")`);
  process.exit(2);
}

try {
  const started = performance.now();
  const label = path.relative(cwd, specFile) || specFile;
  const effective = await loadEffectiveSpec(specFile, overlaysDir, undefined, label);
  const files = await generate({
    spec: effective.spec,
    specName: isDefaultSpec ? path.relative(repoRoot, specFile) : path.basename(specFile),
    specSha256: effective.specSha256,
    overlayFiles: effective.overlayFiles,
    overlaySha256: effective.overlaySha256,
    pathPrefix: values.prefix ?? (isDefaultSpec ? "/v1/tiktok/" : "/"),
    runtimeExtras: values["runtime-extras"] ?? isDefaultSpec,
    onWarning: (message) => console.warn(`generate: warning: ${printable(message)}`),
  });
  const ms = Math.round(performance.now() - started);
  const rel = (f: string) => path.relative(cwd, f);
  if (values.check) {
    const stale = await staleFiles(outDir, files);
    if (stale.length) {
      console.error(`generated code is stale; run \`pnpm generate\` and commit the result:`);
      for (const f of stale) console.error(`  ${printable(rel(f))}`);
      process.exit(1);
    }
    console.log(`generated code is up to date (${files.size} files, ${ms} ms)`);
  } else {
    const written = await writeFiles(outDir, files);
    console.log(
      `generated ${files.size} files into ${rel(outDir) || "."} (${written.length} changed, ${ms} ms)`,
    );
  }
} catch (error) {
  console.error(`generate failed: ${printableError(error)}`);
  process.exit(1);
}
