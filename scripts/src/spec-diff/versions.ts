import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { assembleSite } from "../docs-site/assemble.js";
import { creditsOverlay } from "../docs-site/manifest.js";
import { isSiteInput } from "../spec-update/update.js";
import { loadSpecVersion, type SpecVersion } from "../spec/effective.js";
import { overlaysWithCosts } from "../spec/overlays-with-costs.js";
import { toVendoredJson } from "../spec/read-document.js";
import { paths, repoRoot } from "../repo.js";
import { inTempFolder } from "../temp-folder.js";

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
  if (await isSiteInput(ref)) return { label: ref, ...(await siteVersion(ref)) };
  let file = ref;
  if (ref.startsWith("git:")) {
    const rev = ref.slice(4);
    const rel = path.relative(repoRoot, paths.spec);
    let text: string;
    try {
      // A ref that starts with "-" is never read as an option of git's (`--output=…` writes).
      text = git("show", "--end-of-options", `${rev}:${rel}`);
    } catch {
      throw new Error(`cannot read ${rel} at ${rev}`);
    }
    return inTempFolder("keyapi-spec-", async (dir) => {
      await writeFile((file = path.join(dir, "spec.json")), text);
      return { label: ref, ...(await loadSpecVersion(file, paths.overlays, ref)) };
    });
  }
  return { label: ref, ...(await loadSpecVersion(file, paths.overlays, ref)) };
}

/**
 * The docs site as a version: its pages merged, read with our hand overlays and the costs its
 * pages state (in place of the vendored spec's), so a cost change is a change.
 */
async function siteVersion(source: string): Promise<SpecVersion> {
  const { doc, manifest } = await assembleSite(source);
  return inTempFolder("keyapi-site-", async (dir) => {
    const file = path.join(dir, "tiktok.openapi.json");
    await writeFile(file, toVendoredJson(doc));
    const overlays = await overlaysWithCosts(
      paths.overlays,
      path.basename(paths.creditsOverlay),
      creditsOverlay(manifest.pages),
      path.join(dir, "overlays"),
    );
    return loadSpecVersion(file, overlays, source);
  });
}
