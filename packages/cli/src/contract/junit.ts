import { findingLine, tally, type ContractReport } from "./report.js";

// XML 1.0 cannot hold most C0 controls at all, even escaped: they are dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const escape = (text: string) =>
  text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

/**
 * JUnit XML for CI: one testcase an operation. Breaking drift is a `<failure>`, an outage an
 * `<error>`, an operation not checked `<skipped>`; additive drift is in `<system-out>`.
 */
export function renderJunit(report: ContractReport): string {
  const t = tally(report);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = report.results.reduce((sum, r) => sum + r.ms, 0);
  const cases: string[] = [];
  for (const r of report.results) {
    const breaking = r.findings.filter((f) => f.kind === "breaking");
    const additive = r.findings.filter((f) => f.kind === "additive");
    const body: string[] = [];
    if (breaking.length)
      body.push(
        `      <failure type="breaking" message="${escape(`${breaking.length} breaking difference${breaking.length > 1 ? "s" : ""} (HTTP ${r.status ?? "-"})`)}">${escape(breaking.map(findingLine).join("\n"))}</failure>`,
      );
    if (additive.length)
      body.push(
        `      <system-out>${escape(additive.map((f) => `additive: ${findingLine(f)}`).join("\n"))}</system-out>`,
      );
    cases.push(testcase(r.key, seconds(r.ms), body));
  }
  if (report.outage)
    cases.push(
      testcase(report.outage.key, "0.000", [
        `      <error type="outage" message="${escape(report.outage.message)}"/>`,
      ]),
    );
  for (const s of report.skipped)
    cases.push(testcase(s.key, "0.000", [`      <skipped message="${escape(s.reason)}"/>`]));
  const tests = t.checked + t.notChecked;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="keyapi-tiktok contract" tests="${tests}" failures="${t.breaking}" errors="${report.outage ? 1 : 0}" skipped="${report.skipped.length}" time="${seconds(total)}">`,
    `  <testsuite name="keyapi-tiktok contract" tests="${tests}" failures="${t.breaking}" errors="${report.outage ? 1 : 0}" skipped="${report.skipped.length}" time="${seconds(total)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    ``,
  ].join("\n");
}

const testcase = (name: string, time: string, body: string[]) =>
  body.length
    ? `    <testcase classname="keyapi-tiktok.contract" name="${escape(name)}" time="${time}">\n${body.join("\n")}\n    </testcase>`
    : `    <testcase classname="keyapi-tiktok.contract" name="${escape(name)}" time="${time}"/>`;
