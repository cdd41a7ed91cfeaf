import { lstat, mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { writeAtomic } from "../write-atomic.js";
import { GENERATED_MARK } from "./header.js";

/** Returns the files that differ from `files` (stale, missing or extra). */
export async function staleFiles(dir: string, files: Map<string, string>): Promise<string[]> {
  const present = await readdir(dir).catch(() => [] as string[]);
  const stale: string[] = [];
  for (const [name, content] of files) {
    const current = await readFile(path.join(dir, name), "utf8").catch(() => null);
    if (current !== content)
      stale.push(path.join(dir, name) + (current === null ? " (missing)" : ""));
  }
  for (const name of present)
    if (!files.has(name)) stale.push(path.join(dir, name) + " (not generated)");
  return stale;
}

/** The one file generated without the header: JSON has no comments. */
const HEADERLESS = "effective-spec.json";

/** Whether `file` is a plain file this generator wrote (its first line says so). */
async function isGenerated(file: string): Promise<boolean> {
  if (!(await lstat(file)).isFile()) return false;
  return (
    path.basename(file) === HEADERLESS || (await readFile(file, "utf8")).startsWith(GENERATED_MARK)
  );
}

/**
 * Writes only what changed, so unchanged files keep their mtimes for turbo and editors, each
 * whole or not at all, and removes the files of an earlier run no longer generated. Anything in
 * `dir` the generator did not write (a folder, a file without the generated header: `--out`
 * pointed at the wrong place) refuses the write before any file changes: it would be overwritten
 * or removed.
 */
export async function writeFiles(dir: string, files: Map<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const present = await readdir(dir);
  const ours = await Promise.all(present.map((name) => isGenerated(path.join(dir, name))));
  const foreign = present.filter((_, i) => !ours[i]);
  if (foreign.length)
    throw new Error(
      `${dir} holds what generate did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}): give --out an empty folder or the generated one`,
    );
  const written: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if ((await readFile(file, "utf8").catch(() => null)) !== content) {
      await writeAtomic(file, content);
      written.push(file);
    }
  }
  for (const name of present) if (!files.has(name)) await rm(path.join(dir, name));
  return written;
}
