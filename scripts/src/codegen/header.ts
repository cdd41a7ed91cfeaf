import { printable } from "../printable.js";

export interface Provenance {
  specName: string;
  specSha256: string;
  overlayFiles: string[];
  overlaySha256: string | null;
}

/** The first line of every generated file: how `writeFiles` knows its own. */
export const GENERATED_MARK = "// This file is generated, do not edit.";

/**
 * The files' header. The names are the caller's (`generate --spec`, an overlay's file name): a line
 * feed in one would end its `//` comment and start a line of code, so each stays on its line.
 */
export function header(p: Provenance): string {
  const overlays = p.overlaySha256
    ? `// overlays: ${printable(p.overlayFiles.join(", "))} sha256 ${p.overlaySha256}`
    : "// overlays: none";
  return [
    `${GENERATED_MARK} Run \`pnpm generate\` to refresh it.`,
    `// spec: ${printable(p.specName)} sha256 ${p.specSha256}`,
    overlays,
    "",
  ].join("\n");
}
