import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "../codegen/generate.js";
import { writeFiles } from "../codegen/write-or-check.js";
import type { Bump, SpecChange } from "../spec-diff/classify.js";
import { compareVersions } from "../spec-diff/compare.js";
import { renderComparison } from "../spec-diff/render.js";
import { loadEffectiveSpec, loadSpecVersion } from "../spec/effective.js";
import { lintSpecFile } from "../spec/lint.js";
import { readSpecFile, toVendoredJson } from "../spec/read-document.js";
import { sha256 } from "../spec/sha256.js";
import { repoPaths } from "../repo.js";
import { changesetFor } from "./changeset.js";
import { sourceMd } from "./source-md.js";
import { format } from "prettier";

// Markdown we write is formatted as the repo formats it, so `prettier --check` stays green.
const markdown = (text: string) => format(text, { parser: "markdown", printWidth: 100 });

export interface UpdateResult {
  bump: Bump;
  changes: SpecChange[];
  written: string[];
}

async function readInput(input: string): Promise<string> {
  if (/^https?:\/\//.test(input)) {
    const res = await fetch(input);
    if (!res.ok) throw new Error(`GET ${input}: HTTP ${res.status}`);
    return res.text();
  }
  return readFile(input, "utf8");
}

/**
 * Takes a new vendor spec into the checkout at `root`. Everything is checked and computed
 * first (parse, lint, overlays, diff, codegen); only then is any file written, so an invalid
 * spec or an overlay that no longer applies changes nothing.
 */
export async function updateSpec(root: string, input: string, date: string): Promise<UpdateResult> {
  const paths = repoPaths(root);
  const text = await readInput(input);
  const isUrl = /^https?:\/\//.test(input);
  const label = isUrl ? input : path.basename(input);
  const temp = path.join(await mkdtemp(path.join(tmpdir(), "keyapi-update-")), "input");
  await writeFile(temp, text);
  const doc = await readSpecFile(temp, label);
  const vendored = toVendoredJson(doc);
  const unchanged = vendored === (await readFile(paths.spec, "utf8"));
  const vendoredFile = path.join(path.dirname(temp), "tiktok.openapi.json");
  await writeFile(vendoredFile, vendored);
  // Lint what the user gave when it is a plain JSON/YAML file, so each problem points at a line
  // of their file; a docs page or a URL is linted as the JSON we would vendor.
  const plainFile = !isUrl && !/^(`{3,})yaml/m.test(text);
  const lint = lintSpecFile(plainFile ? input : vendoredFile, "stylish");
  if (!lint.ok) throw new Error(`the new spec fails spec lint:\n${lint.report}`);
  if (unchanged) return { bump: "none", changes: [], written: [] };

  // Classified first, so that a refusal below still says what the vendor changed.
  const comparison = compareVersions(
    await loadSpecVersion(paths.spec, paths.overlays),
    await loadSpecVersion(vendoredFile, paths.overlays, label),
  );
  if (comparison.deadActions.length) {
    throw new Error(
      `${renderComparison(comparison, "vendored", path.basename(input))}\n` +
        "the overlays no longer apply to the new spec: fix the actions above in spec/overlays first.",
    );
  }
  const { changes, bump } = comparison;
  const next = await loadEffectiveSpec(vendoredFile, paths.overlays);
  const current = await loadEffectiveSpec(paths.spec, paths.overlays);
  const files = await generate({
    ...next,
    specName: "spec/tiktok.openapi.json",
    pathPrefix: "/v1/tiktok/",
    runtimeExtras: true,
    onWarning: (message) => console.warn(`generate: warning: ${message}`),
  });

  // Nothing was written until here.
  const written: string[] = [];
  await writeFile(paths.spec, vendored);
  written.push(paths.spec);
  let source = isUrl ? input : path.basename(input);
  if (!isUrl) {
    const copy = path.join(root, "spec/source", path.basename(input));
    await mkdir(path.dirname(copy), { recursive: true });
    if (path.resolve(input) !== copy) await copyFile(input, copy);
    source = `\`${path.relative(root, copy)}\` (copied from \`${path.basename(input)}\`)`;
  }
  await writeFile(paths.source, await markdown(sourceMd(source, date, next.specSha256)));
  written.push(paths.source);
  written.push(...(await writeFiles(paths.generated, files)));
  if (bump !== "none") {
    const file = path.join(paths.changesets, `spec-${next.specSha256.slice(0, 8)}.md`);
    await writeFile(
      file,
      await markdown(changesetFor(changes, bump, current.specSha256, next.specSha256)),
    );
    written.push(file);
  }
  return { bump, changes, written };
}
