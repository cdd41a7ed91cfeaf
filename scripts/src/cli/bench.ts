import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { argsOrExit } from "./args.js";
import { bulkPull } from "../bench/bulk-pull.js";
import { catalogPull } from "../bench/catalog-pull.js";
import { clientOverhead } from "../bench/client-overhead.js";
import { codegen } from "../bench/codegen.js";
import { fleet } from "../bench/fleet.js";
import { loopback } from "../bench/loopback.js";
import { pagination } from "../bench/pagination.js";
import type { Row } from "../bench/shared.js";
import { size } from "../bench/size.js";
import { typecheck } from "../bench/typecheck.js";
import { repoRoot } from "../repo.js";

const { values } = argsOrExit("pnpm bench", {
  options: {
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    only: { type: "string" },
  },
});
const options = { quick: values.quick! };

const rows: Row[] = [];
for (const [name, section] of [
  ["client overhead", () => clientOverhead(options)],
  ["loopback", () => loopback(options)],
  ["pagination", () => pagination(options)],
  ["codegen", () => codegen(options)],
  ["typecheck", () => typecheck(options)],
  ["size", () => size()],
  ["bulk pull", () => bulkPull(options)],
  ["fleet", () => fleet(options)],
  ["catalog pull", () => catalogPull(options)],
] as const) {
  if (values.only && !name.includes(values.only)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await section()));
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(2));
let current = "";
const lines: string[] = [];
for (const r of rows) {
  if (r.section !== current) lines.push("", (current = r.section));
  const spread = r.spread ? `, processes ${r.spread.map((x) => x.toFixed(2)).join("–")}` : "";
  // Three decimals where processes spread: 0.946 is not "0.95" against a target of 0.95.
  const digits = r.spread ? 3 : 2;
  const ratio = r.ratio === undefined ? "" : `${r.ratio.toFixed(digits)}× (${r.baseline}${spread})`;
  lines.push(
    `  ${r.name.padEnd(52)} ${`${fmt(r.value)} ${r.unit}`.padStart(16)}  ${ratio}${r.target ? `  target ${r.target}` : ""}`,
  );
}
console.log(lines.join("\n"));

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
};
// `pnpm bench` runs in scripts/: a relative --out is the caller's, as pnpm's INIT_CWD says.
const cwd = process.env.INIT_CWD ?? process.cwd();
const file = values.out ? path.resolve(cwd, values.out) : path.join(repoRoot, "bench/results.json");
await mkdir(path.dirname(file), { recursive: true });
await writeFile(
  file,
  JSON.stringify({ date: new Date().toISOString(), quick: options.quick, machine, rows }, null, 2) +
    "\n",
);
console.log(`\nwrote ${path.relative(cwd, file)}`);
