import type { Bump, SpecChange } from "../spec-diff/classify.js";

/** Every published package moves with the spec (they are one fixed changesets group). */
export const PUBLISHED = [
  "@keyapi-tiktok/types",
  "@keyapi-tiktok/client",
  "@keyapi-tiktok/mock",
  "@keyapi-tiktok/cli",
];

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
    (c) => `- **${c.kind}** ${c.operation ? `\`${c.operation}\`: ` : ""}${c.description}`,
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
