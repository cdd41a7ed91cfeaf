import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
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
import { stoppedPull } from "../bench/stopped-pull.js";
import { typecheck } from "../bench/typecheck.js";
import { repoRoot } from "../repo.js";
import { writeAtomic } from "../write-atomic.js";

const { values } = argsOrExit("pnpm bench", {
  options: {
    quick: { type: "boolean", default: false },
    out: { type: "string" },
    only: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(`usage: pnpm bench [--only SECTION] [--out FILE] [--quick]

  Runs every section (or those whose name holds SECTION) and prints each one's table as it
  finishes; every figure is a ratio against a baseline measured in the same run. Writes bench/results.json (or FILE).
  --quick runs each section at a tiny size: it proves the harness, and measures nothing.
  The full run takes about 40 minutes; docs/performance.md says what each section measures.`);
  process.exit(0);
}
const options = { quick: values.quick! };

const SECTIONS = [
  ["client overhead", () => clientOverhead(options)],
  ["loopback", () => loopback(options)],
  ["pagination", () => pagination(options)],
  ["codegen", () => codegen(options)],
  ["typecheck", () => typecheck(options)],
  ["size", () => size()],
  ["bulk pull", () => bulkPull(options)],
  ["fleet", () => fleet(options)],
  ["catalog pull", () => catalogPull(options)],
  ["stopped pull", () => stoppedPull(options)],
] as const;
const chosen = SECTIONS.filter(([name]) => values.only === undefined || name.includes(values.only));
/** A mistake on the command line: one line and exit 2, before a run of half an hour. */
const refuse = (why: string): never => {
  console.error(`pnpm bench: ${why}`);
  process.exit(2);
};
if (values.out === "") refuse("--out is empty");
if (values.only !== undefined && (!values.only || !chosen.length))
  refuse(`--only "${values.only}" names no section (${SECTIONS.map(([name]) => name).join(", ")})`);

// `pnpm bench` runs in scripts/: a relative --out is the caller's, as pnpm's INIT_CWD says.
const cwd = process.env.INIT_CWD ?? process.cwd();
const file = values.out ? path.resolve(cwd, values.out) : path.join(repoRoot, "bench/results.json");
// Checked before the run: a results file that cannot be written is found now, not at its end.
try {
  await mkdir(path.dirname(file), { recursive: true });
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new Error("is a folder");
  await access(path.dirname(file), constants.W_OK);
} catch (error) {
  refuse(`--out ${values.out ?? file}: cannot be written (${(error as Error).message})`);
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(2));
/** One section's rows as the table prints them. */
function table(rows: Row[]): string {
  const lines: string[] = [];
  let current = "";
  for (const r of rows) {
    if (r.section !== current) lines.push("", (current = r.section));
    const spread = r.spread ? `, processes ${r.spread.map((x) => x.toFixed(2)).join("–")}` : "";
    // Three decimals where processes spread: 0.946 is not "0.95" against a target of 0.95.
    const digits = r.spread ? 3 : 2;
    const ratio =
      r.ratio === undefined ? "" : `${r.ratio.toFixed(digits)}× (${r.baseline}${spread})`;
    lines.push(
      `  ${r.name.padEnd(52)} ${`${fmt(r.value)} ${r.unit}`.padStart(16)}  ${ratio}${r.target ? `  target ${r.target}` : ""}`,
    );
  }
  return lines.join("\n");
}

// Each section's table as soon as it is measured: the pulls take over 20 minutes, and a run
// stopped part-way (a timeout) showed nothing of what it had finished.
const rows: Row[] = [];
for (const [name, section] of chosen) {
  process.stderr.write(`bench: ${name}…\n`);
  const measured = await section();
  rows.push(...measured);
  console.log(table(measured));
}

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
};
await writeAtomic(
  file,
  JSON.stringify({ date: new Date().toISOString(), quick: options.quick, machine, rows }, null, 2) +
    "\n",
);
console.log(`\nwrote ${path.relative(cwd, file)}`);
