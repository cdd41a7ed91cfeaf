import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { format } from "prettier";
import { generate } from "../codegen/generate.js";
import { ForeignFiles, writeFiles } from "../codegen/write-or-check.js";
import { printable } from "../printable.js";
import { inTempFolder } from "../temp-folder.js";
import { writeAtomic } from "../write-atomic.js";
import { assembleSite } from "../docs-site/assemble.js";
import { fetchText } from "../docs-site/fetch-text.js";
import {
  creditsOverlay,
  manifestText,
  parseManifest,
  type Manifest,
} from "../docs-site/manifest.js";
import { parsePage } from "../docs-site/page.js";
import { isFolder } from "../docs-site/read-site.js";
import type { Bump, SpecChange } from "../spec-diff/classify.js";
import { compareVersions } from "../spec-diff/compare.js";
import { renderComparison } from "../spec-diff/render.js";
import { loadEffectiveSpec, loadSpecVersion, samplesBeside } from "../spec/effective.js";
import { overlaysWithCosts } from "../spec/overlays-with-costs.js";
import { syncSamples } from "../contract/derive-sample.js";
import { parseSamples, samplesText } from "../contract/samples-file.js";
import { lintSpecFile } from "../spec/lint.js";
import { readSpecFile, SpecInputError, toVendoredJson } from "../spec/read-document.js";
import { refusalLine, vendorSpecRefusals } from "../spec/vendor-rules.js";
import { repoPaths } from "../repo.js";
import { sha256 } from "../spec/sha256.js";
import { changesetFor } from "./changeset.js";
import { sourceMd } from "./source-md.js";

// Markdown we write is formatted as the repo formats it, so `prettier --check` stays green.
const markdown = (text: string) => format(text, { parser: "markdown", printWidth: 100 });
const readOr = (file: string) => readFile(file, "utf8").catch(() => undefined);

export interface UpdateResult {
  bump: Bump;
  changes: SpecChange[];
  written: string[];
  /** Said to the user, nothing refused: a skipped Optional page, a page kept off-index. */
  warnings: string[];
  /** Contract samples derived for new operations, and dropped with removed ones. */
  samples?: { added: string[]; dropped: string[] };
}

export interface UpdateOptions {
  /** The docs site's language folder (`en`, default; `zh`). */
  lang?: string;
  onProgress?: (done: number, total: number) => void;
}

/** The docs site: its llms.txt URL, or a folder holding a saved copy (llms.txt at its root). */
export const isSiteInput = async (input: string): Promise<boolean> =>
  /^https?:\/\/[^?#]*llms\.txt$/.test(input) || (await isFolder(input));

/** What one input gives: the vendor's document, where its costs came from, how to name it. */
interface Taken {
  vendored: string;
  /** Every operation's page and cost; undefined when the input states no costs. */
  manifest: Manifest | undefined;
  source: string;
  /** A file input is copied beside the spec, as provenance. */
  copy?: string;
  /** Lint this file (the user's own lines) instead of the JSON we vendor. */
  lintFile?: string;
  warnings: string[];
}

/** One file, or one URL fetched under the same rules as the site's pages (timeout, retries, https). */
async function readInput(input: string): Promise<string> {
  if (!/^https?:\/\//.test(input)) return readFile(input, "utf8");
  try {
    return await fetchText(input);
  } catch (error) {
    throw new Error(`GET ${input}: ${(error as Error).message}`);
  }
}

/** One file or URL: a JSON/YAML spec, or one docs page (whose header gives its cost). */
async function takeFile(
  input: string,
  temp: string,
  previous: Manifest | undefined,
): Promise<Taken> {
  const text = await readInput(input);
  const isUrl = /^https?:\/\//.test(input);
  const label = isUrl ? input : path.basename(input);
  const file = path.join(temp, "input");
  await writeFile(file, text);
  const doc = (await readSpecFile(file, label)) as { paths?: Record<string, object> };
  const page = /^(`{3,})yaml/m.test(text) ? parsePage(text) : undefined;
  // The costs this input states (a docs page's header), else the last sync's for operations
  // still here: a cost is never invented.
  const exists = (operation: string) => {
    const [method, p] = operation.split(" ");
    return !!(doc.paths?.[p!] as Record<string, unknown> | undefined)?.[method!.toLowerCase()];
  };
  const pages = page
    ? [{ operation: page.operation, url: label, sha256: sha256(text), credits: page.credits }]
    : previous?.pages.filter((p) => exists(p.operation));
  return {
    vendored: toVendoredJson(doc),
    // A docs page is its own index; a plain spec keeps the last sync's, for the costs it keeps.
    manifest: pages && {
      index: page ? label : previous!.index,
      lang: previous?.lang ?? "en",
      pages,
    },
    source: isUrl ? input : path.basename(input),
    ...(isUrl ? {} : { copy: input }),
    ...(!isUrl && !page && !/^(`{3,})yaml/m.test(text) ? { lintFile: input } : {}),
    warnings: [],
  };
}

/** The docs site: every page fetched or read, merged, each operation's cost from its page. */
async function takeSite(
  input: string,
  previous: Manifest | undefined,
  o: UpdateOptions,
): Promise<Taken> {
  const { doc, manifest, warnings } = await assembleSite(input, { ...o, previous });
  const twos = manifest.pages.filter((p) => p.credits !== 1).length;
  return {
    vendored: toVendoredJson(doc),
    manifest,
    source: `${/^https?:/.test(input) ? input : "a saved copy of the docs site"} (${manifest.pages.length} operation pages, ${twos} not at 1 credit; every page in \`spec/pages.manifest.json\`)`,
    warnings,
  };
}

/** spec:update stopped part-way through writing its files; the vendored spec is as it was. */
export class StoppedWriting extends Error {
  override name = "StoppedWriting";
}

/**
 * Takes a new vendor spec into the checkout at `root`: a JSON/YAML file, one docs page, or the
 * whole docs site (its llms.txt URL or a saved folder). Everything is checked and computed first
 * (parse, lint, overlays, diff, codegen); only then is any file written, so an invalid spec, a page
 * that could not be read or an overlay that no longer applies changes nothing.
 */
export async function updateSpec(
  root: string,
  input: string,
  date: string,
  options: UpdateOptions = {},
): Promise<UpdateResult> {
  return inTempFolder("keyapi-update-", (temp) => update(root, input, date, options, temp));
}

async function update(
  root: string,
  input: string,
  date: string,
  options: UpdateOptions,
  temp: string,
): Promise<UpdateResult> {
  const paths = repoPaths(root);
  const previous = parseManifest(await readOr(paths.manifest));
  const taken = (await isSiteInput(input))
    ? await takeSite(input, previous, options)
    : await takeFile(input, temp, previous);
  const refused = await vendorSpecRefusals(JSON.parse(taken.vendored));
  if (refused.length) throw new SpecInputError(`the new spec is refused: ${refusalLine(refused)}`);
  const vendoredFile = path.join(temp, "tiktok.openapi.json");
  await writeFile(vendoredFile, taken.vendored);
  const lint = lintSpecFile(taken.lintFile ?? vendoredFile, "stylish");
  if (!lint.ok) throw new Error(`the new spec fails spec lint:\n${lint.report}`);

  // The overlays the new spec is read with: ours by hand, and the costs generated from it.
  const overlayText = taken.manifest && creditsOverlay(taken.manifest.pages);
  const overlaysDir = await overlaysWithCosts(
    paths.overlays,
    path.basename(paths.creditsOverlay),
    overlayText,
    path.join(temp, "overlays"),
  );
  const manifest = taken.manifest && manifestText(taken.manifest);
  // Every operation of the new spec gets a contract sample: kept, or derived when it is new.
  // Overlays that no longer apply leave it as it was: the comparison below refuses the update.
  const bare = await loadEffectiveSpec(vendoredFile, overlaysDir, null).catch(() => undefined);
  const oldSamples = await readOr(paths.samples);
  const old = oldSamples ? parseSamples(oldSamples, path.relative(root, paths.samples)) : {};
  const synced = bare ? syncSamples(bare.spec, old) : { samples: old, added: [], dropped: [] };
  const samples = bare ? samplesText(synced.samples) : oldSamples;
  if (samples) await writeFile(samplesBeside(overlaysDir)!, samples);
  const unchanged =
    taken.vendored === (await readOr(paths.spec)) &&
    overlayText === (await readOr(paths.creditsOverlay)) &&
    manifest === (await readOr(paths.manifest)) &&
    samples === oldSamples;
  if (unchanged) return { bump: "none", changes: [], written: [], warnings: taken.warnings };

  // Classified first, so that a refusal below still says what the vendor changed.
  const comparison = compareVersions(
    await loadSpecVersion(paths.spec, paths.overlays),
    await loadSpecVersion(vendoredFile, overlaysDir, taken.source),
  );
  if (comparison.deadActions.length) {
    throw new Error(
      `${renderComparison(comparison, "vendored", path.basename(input))}\n` +
        "the overlays no longer apply to the new spec: fix the actions above in spec/overlays first.",
    );
  }
  const { changes, bump } = comparison;
  const next = await loadEffectiveSpec(vendoredFile, overlaysDir);
  // The current spec's own hash, for the changeset: reading it with the overlays could fail on
  // costs of operations the new pages no longer have.
  const currentSha = sha256((await readOr(paths.spec)) ?? "");
  const files = await generate({
    ...next,
    specName: "spec/tiktok.openapi.json",
    pathPrefix: "/v1/tiktok/",
    runtimeExtras: true,
    onWarning: (message) => console.warn(`generate: warning: ${printable(message)}`),
  });

  // Nothing was written until here. Each file is written whole or not at all, and the vendored
  // spec last: a run killed part-way leaves the old spec, so the next run sees the change and
  // writes every file again (were the spec first, it would find "no change" and leave the rest
  // stale).
  const written: string[] = [];
  let writing = paths.generated;
  const put = async (file: string, text: string | Uint8Array) => {
    writing = file;
    await writeAtomic(file, text);
    written.push(file);
  };
  try {
    written.push(...(await writeFiles(paths.generated, files)));
    // Named for what it takes, the spec and its costs: a change of costs alone is a changeset of
    // its own, not a rewrite of the last one. One written by a run that stopped part-way is kept:
    // that run diffed against the costs as they were, and this one may read the old spec with the
    // new costs already written.
    const target = sha256(`${taken.vendored}\n${overlayText ?? ""}`).slice(0, 8);
    const changeset = path.join(paths.changesets, `spec-${target}.md`);
    if (bump !== "none" && (await readOr(changeset)) === undefined)
      await put(
        changeset,
        await markdown(changesetFor(changes, bump, currentSha, next.specSha256)),
      );
    let source = taken.source;
    if (taken.copy) {
      const copy = path.join(root, "spec/source", path.basename(taken.copy));
      await mkdir(path.dirname(copy), { recursive: true });
      if (path.resolve(taken.copy) !== copy) await put(copy, await readFile(taken.copy));
      source = `\`${path.relative(root, copy)}\` (copied from \`${path.basename(taken.copy)}\`)`;
    }
    await put(paths.source, await markdown(sourceMd(source, date, next.specSha256)));
    if (samples && samples !== oldSamples) await put(paths.samples, samples);
    if (overlayText) await put(paths.creditsOverlay, overlayText);
    if (manifest) await put(paths.manifest, manifest);
    await put(paths.spec, taken.vendored);
  } catch (error) {
    // Refused before its first write: no file changed.
    if (error instanceof ForeignFiles) throw error;
    throw new StoppedWriting(
      `while writing ${path.relative(root, writing)}: ${(error as Error).message}. The vendored spec is as it was: run spec:update again to write every file.`,
    );
  }
  return {
    bump,
    changes,
    written,
    warnings: taken.warnings,
    samples: { added: synced.added, dropped: synced.dropped },
  };
}
