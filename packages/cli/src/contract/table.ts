import { oneLine } from "../output/terminal-text.js";
import { findingLine, summaryLine, verdictOf, type ContractReport } from "./report.js";

/** The terminal table: one row an operation, its findings indented under it. */
export function renderTable(report: ContractReport): string {
  const rows: string[][] = [["RESULT", "STATUS", "OPERATION"]];
  const details = new Map<number, string[]>();
  for (const r of report.results) {
    rows.push([verdictOf(r), String(r.status ?? "-"), r.key]);
    details.set(
      rows.length - 1,
      r.findings.map((f) => `${f.kind.padEnd(8)}  ${findingLine(f)}`),
    );
  }
  if (report.outage) {
    rows.push(["error", "-", report.outage.key]);
    details.set(rows.length - 1, [oneLine(report.outage.message)]);
  }
  for (const s of report.skipped) {
    rows.push(["skipped", "-", s.key]);
    details.set(rows.length - 1, [oneLine(s.reason)]);
  }
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.flatMap((row, i) => [
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell)).join("  "),
    ...(details.get(i) ?? []).map((d) => `    ${d}`),
  ]);
  return `${lines.join("\n")}\n${summaryLine(report)}\n`;
}
