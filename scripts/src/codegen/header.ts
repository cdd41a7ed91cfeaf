export interface Provenance {
  specName: string;
  specSha256: string;
  overlayFiles: string[];
  overlaySha256: string | null;
}

export function header(p: Provenance): string {
  const overlays = p.overlaySha256
    ? `// overlays: ${p.overlayFiles.join(", ")} sha256 ${p.overlaySha256}`
    : "// overlays: none";
  return [
    "// This file is generated, do not edit. Run `pnpm generate` to refresh it.",
    `// spec: ${p.specName} sha256 ${p.specSha256}`,
    overlays,
    "",
  ].join("\n");
}
