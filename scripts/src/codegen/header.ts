export interface Provenance {
  specName: string;
  specSha256: string;
  overlayFiles: string[];
  overlaySha256: string | null;
}

/** The first line of every generated file: how `writeFiles` knows its own. */
export const GENERATED_MARK = "// This file is generated, do not edit.";

export function header(p: Provenance): string {
  const overlays = p.overlaySha256
    ? `// overlays: ${p.overlayFiles.join(", ")} sha256 ${p.overlaySha256}`
    : "// overlays: none";
  return [
    `${GENERATED_MARK} Run \`pnpm generate\` to refresh it.`,
    `// spec: ${p.specName} sha256 ${p.specSha256}`,
    overlays,
    "",
  ].join("\n");
}
