import { findingLine, summaryLine, verdictOf, type ContractReport } from "./report.js";

/** A table cell: no pipe, no HTML, no line break can leave it (API data is untrusted). */
const cell = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;")
    .replace(/`/g, "&#96;")
    .replace(/[\r\n]+/g, " ");

const ICON = { ok: "✅ ok", additive: "➕ additive", breaking: "❌ breaking" } as const;

/** Markdown for a CI job summary (`$GITHUB_STEP_SUMMARY`). */
export function renderMarkdown(report: ContractReport): string {
  const rows = [
    "| Result | Operation | Status | Findings |",
    "| --- | --- | --- | --- |",
    ...report.results.map(
      (r) =>
        `| ${ICON[verdictOf(r)]} | ${cell(r.key)} | ${r.status ?? "-"} | ${r.findings.map((f) => cell(`${f.kind}: ${findingLine(f)}`)).join("<br>") || "-"} |`,
    ),
    ...(report.outage
      ? [`| 🛑 error | ${cell(report.outage.key)} | - | ${cell(report.outage.message)} |`]
      : []),
    ...report.skipped.map((s) => `| ⏭️ not checked | ${cell(s.key)} | - | ${cell(s.reason)} |`),
  ];
  return `## KeyAPI TikTok contract check\n\n${cell(summaryLine(report))}\n\n${rows.join("\n")}\n`;
}
