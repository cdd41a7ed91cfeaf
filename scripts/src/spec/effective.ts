import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { applyOverlay, type OverlayDocument } from "./overlay.js";
import { parseDocument } from "./read-document.js";
import { sha256 } from "./sha256.js";

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

/** Reads a spec file and applies the overlays of `overlaysDir` (none when null). */
export async function loadEffectiveSpec(
  specFile: string,
  overlaysDir: string | null,
): Promise<EffectiveSpec> {
  const specText = await readFile(specFile, "utf8");
  let spec = parseDocument(specText) as Record<string, unknown>;
  const overlayFiles = overlaysDir ? await listOverlays(overlaysDir) : [];
  const overlayBytes: string[] = [];
  for (const name of overlayFiles) {
    const text = await readFile(path.join(overlaysDir!, name), "utf8");
    overlayBytes.push(text);
    spec = await applyOverlay(spec, parseYaml(text) as OverlayDocument, name);
  }
  return {
    spec,
    specSha256: sha256(specText),
    overlaySha256: overlayFiles.length ? sha256(overlayBytes.join("")) : null,
    overlayFiles,
  };
}
