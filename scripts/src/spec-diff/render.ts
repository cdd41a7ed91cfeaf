import type { Bump, SpecChange } from "./classify.js";
import type { Comparison } from "./compare.js";
import { listDeadActions } from "../spec/overlay.js";
import { printable } from "../printable.js";

const ORDER = { breaking: 0, additive: 1, docs: 2 };

/** A plain-text table, breaking changes first, and the bump they imply. */
export function renderTable(changes: SpecChange[], bump: Bump, base: string, head: string): string {
  [base, head] = [printable(base), printable(head)];
  if (!changes.length) return `no changes between ${base} and ${head}\n`;
  // The vendor's names and paths, never a terminal's escape sequences.
  const rows = [...changes]
    .sort((a, b) => ORDER[a.kind] - ORDER[b.kind])
    .map((r) => ({
      ...r,
      operation: r.operation && printable(r.operation),
      description: printable(r.description),
    }));
  const w = [8, Math.max(9, ...rows.map((r) => (r.operation ?? "").length))];
  const line = (a: string, b: string, c: string) => `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c}`;
  const counts = (["breaking", "additive", "docs"] as const).map(
    (k) => `${rows.filter((r) => r.kind === k).length} ${k}`,
  );
  return [
    `spec changes ${base} → ${head}`,
    "",
    line("kind", "operation", "change"),
    line("-".repeat(w[0]!), "-".repeat(w[1]!), "------"),
    ...rows.map((r) => line(r.kind, r.operation ?? "", r.description)),
    "",
    `${counts.join(", ")} → ${bump} bump`,
    "",
  ].join("\n");
}

/** The change table, then the overlay actions that no longer apply, as a section of its own. */
export function renderComparison(c: Comparison, base: string, head: string): string {
  let out = renderTable(c.changes, c.bump, base, head);
  if (c.compared === "vendor")
    out += "(compared as the vendor wrote them: the overlays do not apply to both)\n";
  if (c.deadActions.length) {
    out += [
      "",
      `overlay actions that no longer apply to ${head} (${c.deadActions.length}): fix spec/overlays before taking it`,
      listDeadActions(c.deadActions),
      "",
    ].join("\n");
  }
  return out;
}
