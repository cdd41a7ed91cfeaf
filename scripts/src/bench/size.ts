import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../repo.js";
import type { Row } from "./shared.js";

const require = createRequire(import.meta.url);
const sizeLimit = path.join(path.dirname(require.resolve("size-limit/package.json")), "bin.js");

/** size-limit's figures for each entry the client budgets in .size-limit.cjs (brotli). */
export function size(): Row[] {
  const r = spawnSync(process.execPath, [sizeLimit, "--json"], {
    cwd: path.join(repoRoot, "packages/client"),
    encoding: "utf8",
  });
  const results = JSON.parse(r.stdout) as { name: string; size: number; passed?: boolean }[];
  const openapiFetch = spawnSync(process.execPath, [sizeLimit, "--json"], {
    cwd: path.join(repoRoot, "scripts/src/bench/size-baseline"),
    encoding: "utf8",
  });
  // The budget is the one the test command enforces, read from its file, not a second copy.
  const budget = (
    require(path.join(repoRoot, "packages/client/.size-limit.cjs")) as { limit: string }[]
  )[0]!.limit;
  const base = (JSON.parse(openapiFetch.stdout) as { size: number }[])[0]!.size;
  return [
    {
      section: "6. size (size-limit, minified + brotli)",
      name: "openapi-fetch alone",
      value: Math.round(base / 10) / 100,
      unit: "kB",
    },
    ...results.map((x, i) => ({
      section: "6. size (size-limit, minified + brotli)",
      name: x.name,
      value: Math.round(x.size / 10) / 100,
      unit: "kB",
      ratio: x.size / base,
      baseline: "÷ openapi-fetch alone",
      target: i === 0 ? `≤ ${budget}` : undefined,
    })),
  ];
}
