// Where the set-up puts each runtime of the matrix; shared by the installer and the test.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The runtimes listed in `file` (default: scripts/runtime/runtimes.json). */
export function readRuntimes(file = path.join(root, "scripts/runtime/runtimes.json")) {
  return JSON.parse(readFileSync(file, "utf8")).runtimes;
}

/** The install folder and binary of one runtime under `cache` (default: .cache/runtimes). */
export function locate(runtime, cache = path.join(root, ".cache/runtimes")) {
  const dir = path.join(cache, runtime.spec.replace(/[@/]/g, "_"));
  return { dir, binary: path.join(dir, runtime.bin) };
}
