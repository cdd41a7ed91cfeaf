import { oneLine } from "../output/terminal-text.js";
import type { CheckResult } from "./check.js";
import type { FindingGroup } from "./drift.js";
import type { Skip } from "./plan.js";

/** Everything a run found, in the spec's order, for the table, JUnit and markdown alike. */
export interface ContractReport {
  results: CheckResult[];
  /** Not checked: no usable sample, over the budget, refused, or not reached after an outage. */
  skipped: Skip[];
  /** The failure that ended the run (the key, the credits, the server), on this operation. */
  outage?: { key: string; message: string };
  /** Credits the client counted as spent. */
  charged: number;
}

/** How one checked operation came out. */
export type Verdict = "ok" | "additive" | "breaking";

export const verdictOf = (r: CheckResult): Verdict =>
  r.findings.some((f) => f.kind === "breaking")
    ? "breaking"
    : r.findings.length
      ? "additive"
      : "ok";

/** A value from the API as a report shows it: short, one line, inert. */
const shown = (value: string) => oneLine(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** One finding as one line: `data[1].rating: expected integer, got string ("5") ×3`. */
export const findingLine = (f: FindingGroup): string =>
  oneLine(
    `${f.path}: ${f.message}${f.value !== undefined ? ` (${shown(f.value)})` : ""}${f.count > 1 ? ` ×${f.count}` : ""}`,
  );

/** The counts a summary line gives. */
export function tally(report: ContractReport) {
  const verdicts = report.results.map(verdictOf);
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  return {
    checked: report.results.length,
    ok: count("ok"),
    additive: count("additive"),
    breaking: count("breaking"),
    notChecked: report.skipped.length + (report.outage ? 1 : 0),
  };
}

export const summaryLine = (report: ContractReport): string => {
  const t = tally(report);
  return `${t.checked} checked: ${t.ok} ok, ${t.breaking} with breaking drift, ${t.additive} with additive drift only; ${t.notChecked} not checked; ${report.charged} credits spent`;
};
