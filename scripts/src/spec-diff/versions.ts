import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadSpecVersion, type SpecVersion } from "../spec/effective.js";
import { paths, repoRoot } from "../repo.js";

const git = (...args: string[]) =>
  execFileSync("git", args, {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();

/** The default base: the spec at the last release tag, else origin/main, else HEAD. */
export function defaultBase(): string {
  for (const attempt of [
    () => git("describe", "--tags", "--abbrev=0", "--match", "@keyapi-tiktok/types@*"),
    () => (git("rev-parse", "--verify", "origin/main"), "origin/main"),
    () => (git("rev-parse", "--verify", "HEAD"), "HEAD"),
  ]) {
    try {
      return `git:${attempt()}`;
    } catch {
      // try the next
    }
  }
  throw new Error("no base: not a git checkout with commits; pass a base file");
}

/**
 * A spec version, as the vendor wrote it and with the current overlays applied: `git:<ref>`
 * reads the vendored file at that ref, anything else is a file (JSON, YAML, or the docs page).
 */
export async function loadVersion(ref: string): Promise<SpecVersion & { label: string }> {
  let file = ref;
  if (ref.startsWith("git:")) {
    const rev = ref.slice(4);
    const rel = path.relative(repoRoot, paths.spec);
    let text: string;
    try {
      text = git("show", `${rev}:${rel}`);
    } catch {
      throw new Error(`cannot read ${rel} at ${rev}`);
    }
    file = path.join(await mkdtemp(path.join(tmpdir(), "keyapi-spec-")), "spec.json");
    await writeFile(file, text);
  }
  return { label: ref, ...(await loadSpecVersion(file, paths.overlays, ref)) };
}
