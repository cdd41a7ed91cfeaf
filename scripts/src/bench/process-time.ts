import { spawnSync } from "node:child_process";
import { median } from "./shared.js";

/** Median wall time of a whole process over `runs` runs; throws if it fails. */
export function timeProcess(
  cmd: string,
  args: string[],
  runs: number,
  cwd?: string,
): { ms: number; stdout: string } {
  const times: number[] = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - started);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
    stdout = r.stdout;
  }
  return { ms: median(times), stdout };
}
