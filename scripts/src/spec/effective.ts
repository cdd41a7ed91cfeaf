import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { applyOverlay, overlayResult, type DeadAction, type OverlayDocument } from "./overlay.js";
import { readOpenApiFile, readSpecFile } from "./read-document.js";
import { sha256 } from "./sha256.js";
import { listOperations } from "../codegen/openapi-model.js";
import { sampleKey, type Sample } from "../contract/derive-sample.js";
import { parseSamples } from "../contract/samples-file.js";

/** The committed contract samples' file name (in `spec/`). */
export const SAMPLES_FILE = "contract-samples.json";

/** `spec` with each operation's sample as `x-contract-sample`; samples of no operation ignored. */
function withSamples(spec: Record<string, unknown>, samples: Record<string, Sample>) {
  const copy = structuredClone(spec);
  for (const op of listOperations(copy)) {
    const sample = samples[sampleKey(op)];
    if (sample) op.operation["x-contract-sample"] = sample;
  }
  return copy;
}

export interface EffectiveSpec {
  /** The vendored spec with every overlay applied, in file-name order. */
  spec: Record<string, unknown>;
  specSha256: string;
  /** sha256 of the overlay files' bytes, concatenated in the order applied. */
  overlaySha256: string | null;
  overlayFiles: string[];
}

export async function listOverlays(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => /\.ya?ml$|\.json$/.test(n)).sort();
}

/** The contract samples that go with an overlays folder: `contract-samples.json` beside it. */
export const samplesBeside = (overlaysDir: string | null): string | null =>
  overlaysDir && path.join(path.dirname(overlaysDir), SAMPLES_FILE);

/**
 * Reads a spec file and applies the overlays of `overlaysDir` (none when null), then gives each
 * operation its contract sample (`x-contract-sample`) from `samplesFile` when it has one there.
 */
export async function loadEffectiveSpec(
  specFile: string,
  overlaysDir: string | null,
  samplesFile: string | null = samplesBeside(overlaysDir),
  /** How errors name the spec (its path as the user gave it). */
  label = specFile,
): Promise<EffectiveSpec> {
  // One sentence for a file that is no OpenAPI document, not a TypeError from deep inside.
  const { text: specText, doc } = await readOpenApiFile(specFile, label);
  let spec = doc as Record<string, unknown>;
  const overlayFiles = overlaysDir ? await listOverlays(overlaysDir) : [];
  const overlayBytes: string[] = [];
  for (const name of overlayFiles) {
    const text = await readFile(path.join(overlaysDir!, name), "utf8");
    overlayBytes.push(text);
    let overlay: OverlayDocument;
    try {
      overlay = parseYaml(text) as OverlayDocument;
    } catch (error) {
      // YAML's message quotes the lines around the fault: its first line says what.
      throw new Error(`${name} is not YAML: ${String((error as Error).message).split("\n")[0]}`);
    }
    spec = await applyOverlay(spec, overlay, name);
  }
  const samplesText = samplesFile && (await readFile(samplesFile, "utf8").catch(() => undefined));
  if (samplesText) {
    spec = withSamples(spec, parseSamples(samplesText, path.basename(samplesFile!)));
    overlayFiles.push(SAMPLES_FILE);
    overlayBytes.push(samplesText);
  }
  return {
    spec,
    specSha256: sha256(specText),
    overlaySha256: overlayFiles.length ? sha256(overlayBytes.join("")) : null,
    overlayFiles,
  };
}

export interface SpecVersion {
  /** The vendor's document as it is. */
  vendor: Record<string, unknown>;
  /** With every overlay applied; undefined when an action matched nothing. */
  effective: Record<string, unknown> | undefined;
  /** The overlay actions that matched nothing in this version. */
  dead: DeadAction[];
}

/**
 * Reads a spec file and applies the overlays without failing on dead actions: `spec:diff` must
 * still classify a version in which the vendor removed what an overlay targets.
 */
export async function loadSpecVersion(
  specFile: string,
  overlaysDir: string,
  label = specFile,
): Promise<SpecVersion> {
  const vendor = (await readSpecFile(specFile, label)) as Record<string, unknown>;
  let spec = vendor;
  const dead: DeadAction[] = [];
  for (const name of await listOverlays(overlaysDir)) {
    const overlay = parseYaml(await readFile(path.join(overlaysDir, name), "utf8"));
    const result = await overlayResult(spec, overlay as OverlayDocument, name);
    spec = result.data;
    dead.push(...result.dead);
  }
  return { vendor, effective: dead.length ? undefined : spec, dead };
}
