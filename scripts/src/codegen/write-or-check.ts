import { lstat, mkdir, open, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { ATOMIC_TEMP, writeAtomic } from "../write-atomic.js";
import { GENERATED_MARK } from "./header.js";

/** Editors' and systems' files (`.index.ts.swp`, `.DS_Store`, `.git`): never ours, left alone. */
const hidden = (name: string) => name.startsWith(".");

/** Returns the files that differ from `files` (stale, missing or extra). */
export async function staleFiles(dir: string, files: Map<string, string>): Promise<string[]> {
  const present = (await readdir(dir).catch(() => [] as string[])).filter(
    (name) => !hidden(name) && !ATOMIC_TEMP.test(name),
  );
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

/** The one file generated without the header (JSON has no comments): ours only when written now. */
const HEADERLESS = "effective-spec.json";

/** Whether `file` is a plain file this generator wrote (its first line says so). */
async function isGenerated(file: string, files: Map<string, string>): Promise<boolean> {
  if (!(await lstat(file)).isFile()) return false;
  const name = path.basename(file);
  if (name === HEADERLESS) return files.has(HEADERLESS);
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(
      Buffer.alloc(GENERATED_MARK.length),
      0,
      GENERATED_MARK.length,
      0,
    );
    return buffer.subarray(0, bytesRead).toString("utf8") === GENERATED_MARK;
  } finally {
    await handle.close();
  }
}

/** A folder that holds what the generator did not write: refused before any file changes. */
export class ForeignFiles extends Error {
  override name = "ForeignFiles";
}

/**
 * Writes only what changed, so unchanged files keep their mtimes for turbo and editors, each
 * whole or not at all, and removes what an earlier run left (its files no longer generated, the
 * temporary file of a killed write). Anything else in `dir` the generator did not write (a
 * folder, a file without the generated header) refuses the write before any file changes: it
 * would be overwritten or removed. Hidden entries (an editor's swap file, `.git`) are left alone.
 */
export async function writeFiles(dir: string, files: Map<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const present = (await readdir(dir)).filter((name) => !hidden(name));
  const ours = await Promise.all(
    present.map((name) => ATOMIC_TEMP.test(name) || isGenerated(path.join(dir, name), files)),
  );
  const foreign = present.filter((_, i) => !ours[i]);
  if (foreign.length)
    throw new ForeignFiles(
      `${dir} holds what generate did not write (${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}): generate into an empty folder or the generated one`,
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
