import { mkdir, readdir, readFile, writeFile, rm } from "node:fs/promises";
import path from "node:path";

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

/** Writes only what changed, so unchanged files keep their mtimes for turbo and editors. */
export async function writeFiles(dir: string, files: Map<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const name of await readdir(dir)) {
    if (!files.has(name)) await rm(path.join(dir, name), { recursive: true });
  }
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if ((await readFile(file, "utf8").catch(() => null)) !== content) {
      await writeFile(file, content);
      written.push(file);
    }
  }
  return written;
}
