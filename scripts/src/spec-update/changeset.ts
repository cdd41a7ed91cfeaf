import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../repo.js";
import type { Bump, SpecChange } from "../spec-diff/classify.js";
import { printable } from "../printable.js";

/**
 * Every published package moves with the spec: the fixed group of `.changeset/config.json`
 * (one source; a test checks it holds every package that is not private).
 */
export const PUBLISHED: string[] = (
  JSON.parse(readFileSync(path.join(repoRoot, ".changeset/config.json"), "utf8")) as {
    fixed: string[][];
  }
).fixed[0]!;

/** A changeset naming the bump for each package and listing the spec changes for the CHANGELOG. */
export function changesetFor(
  changes: SpecChange[],
  bump: Exclude<Bump, "none">,
  fromSha: string,
  toSha: string,
): string {
  const counts = (["breaking", "additive", "docs"] as const).map(
    (k) => `${changes.filter((c) => c.kind === k).length} ${k}`,
  );
  const list = changes.map(
    (c) =>
      `- **${c.kind}** ${c.operation ? `\`${printable(c.operation)}\`: ` : ""}${printable(c.description)}`,
  );
  return [
    "---",
    ...PUBLISHED.map((p) => `"${p}": ${bump}`),
    "---",
    "",
    `Vendor spec update (sha256 ${fromSha.slice(0, 12)} → ${toSha.slice(0, 12)}): ${counts.join(", ")}.`,
    "",
    ...list,
    "",
  ].join("\n");
}
