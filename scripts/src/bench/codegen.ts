import { createRequire } from "node:module";
import path from "node:path";
import { paths, repoRoot } from "../repo.js";
import { inTempFolder } from "../temp-folder.js";
import { timeProcess } from "./process-time.js";
import type { BenchOptions, Row } from "./shared.js";

const require = createRequire(import.meta.url);
const otsCli = path.join(
  path.dirname(require.resolve("openapi-typescript/package.json")),
  "bin/cli.js",
);
const ourCli = path.join(repoRoot, "scripts/dist/cli/generate.js");

/** Our generator vs openapi-typescript's CLI alone on the same file, whole process, median. */
export function codegen({ quick }: BenchOptions): Promise<Row[]> {
  const specs: [string, string, string[]][] = [
    ["TikTok (with overlays)", paths.spec, ["--overlays", paths.overlays]],
    [
      "octokit GHES 3.6 (876 KB)",
      path.join(repoRoot, "scripts/fixtures/bench-specs/octokit-ghes-3.6-diff-to-api.json"),
      ["--overlays", "none"],
    ],
    [
      "DigitalOcean (2.3 MB)",
      path.join(repoRoot, "scripts/fixtures/bench-specs/digitalocean-public.v2.bundled.json"),
      ["--overlays", "none"],
    ],
  ];
  const runs = quick ? 1 : 5;
  // A quick run still generates two specs, one after the other, as the full run does.
  const fixture = path.join(repoRoot, "scripts/fixtures/multi-op/tiktok.fixture.openapi.json");
  const quickSpecs: typeof specs = [
    specs[0]!,
    ["multi-op fixture", fixture, ["--overlays", "none"]],
  ];
  // Two generated trees a run, removed after it (before, every `pnpm bench` left one in /tmp).
  return inTempFolder("keyapi-bench-gen-", async (out) =>
    measure(quick ? quickSpecs : specs, out, runs),
  );
}

function measure(specs: [string, string, string[]][], out: string, runs: number): Row[] {
  return specs.flatMap(([name, spec, extra], i) => {
    // A folder each: generate refuses one that holds another spec's files (effective-spec.json).
    const ours = timeProcess(
      process.execPath,
      [ourCli, "--spec", spec, ...extra, "--out", path.join(out, `ours-${i}`)],
      runs,
    ).ms;
    const ots = timeProcess(
      process.execPath,
      [otsCli, spec, "-o", path.join(out, "ots.ts")],
      runs,
    ).ms;
    const section = `4. codegen, whole process, median of ${runs}`;
    return [
      {
        section,
        name: `${name}: openapi-typescript CLI alone`,
        value: Math.round(ots),
        unit: "ms",
      },
      {
        section,
        name: `${name}: our generate`,
        value: Math.round(ours),
        unit: "ms",
        ratio: ours / ots,
        baseline: "time ÷ openapi-typescript",
        target: "≤ 1.3",
      },
    ];
  });
}
