import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { runCheck, type CheckResult } from "../contract/check.js";
import { renderJunit } from "../contract/junit.js";
import { renderMarkdown } from "../contract/markdown.js";
import { planContract, type Check } from "../contract/plan.js";
import { renderTable } from "../contract/table.js";
import { verdictOf, type ContractReport } from "../contract/report.js";
import { describe, EXIT, exitCodeFor, UsageError } from "../exit-codes.js";
import { outputError } from "../output/target.js";
import { apiKeyOf, keyInput } from "../api-key.js";
import { hideKeys, keyInName, runKey } from "../output/key-shaped.js";
import { checkGlobals, openSession, type GlobalOptions } from "../setup.js";
import { refuseSameFile } from "../input/kept-apart.js";
import { Interrupted, watchStops, type Stopped, type Stops } from "../export/stops.js";

export interface ContractOptions {
  maxCredits?: number;
  junit?: string;
  markdown?: string;
  strict?: boolean;
  /** Only the operations whose `METHOD path` contains one of these. */
  only?: string[];
  concurrency?: number;
}

/**
 * `keyapi-tiktok contract`: calls every operation of the spec once with its sample and reports
 * how the live API differs from the spec. Exit 0: no breaking drift; 1: breaking drift (or any,
 * with --strict); 2: usage, or nothing checked; the CLI's codes for the key, credits, throttling
 * and the server, which are never drift.
 */
export async function contract(o: ContractOptions, g: GlobalOptions): Promise<number> {
  await checkGlobals(g);
  checkOptions(o, g);
  for (const [flag, file] of [
    ["--junit", o.junit],
    ["--markdown", o.markdown],
  ] as const)
    refuseSameFile(keyInput(g), file, flag, "report");
  const only = o.only?.length ? (key: string) => o.only!.some((s) => key.includes(s)) : undefined;
  const plan = planContract(o.maxCredits, only);
  process.stderr.write(
    `contract: ${plan.checks.length} operation${plan.checks.length === 1 ? "" : "s"} to check for at most ${plan.credits} credit${plan.credits === 1 ? "" : "s"}; ${plan.skipped.length} not checked\n`,
  );
  const report: ContractReport = { results: [], skipped: [...plan.skipped], charged: 0 };
  // The key is read first: a Ctrl-C while a FIFO holds it back still ends the process. Its
  // error (no key, a bad key file) is the run's, said in the reports.
  const key = !plan.checks.length
    ? () => undefined
    : await apiKeyOf(g).then(
        (k) => () => k,
        (e: unknown) => () => {
          throw e;
        },
      );
  // A first Ctrl-C (a CI job cancelled) begins no check and lets those in flight finish; a
  // second cancels them. The reports then hold what was checked: the credits spent are not lost.
  // Let go before the reports are written: a report to a FIFO nobody reads waits for good, and
  // a second Ctrl-C must then end the process.
  const stops = watchStops("the checks in flight are finishing");
  let failure: unknown;
  try {
    if (plan.checks.length)
      failure = await checkAll({ o, g, checks: plan.checks, report, stops, key });
  } finally {
    stops.release();
  }
  return reportRun({ o, g, plan, report, failure, stopped: stops.stopped, only });
}

/** What one contract run checks, where it says what it found, and how it is stopped. */
interface ContractRun {
  o: ContractOptions;
  g: GlobalOptions;
  checks: Check[];
  report: ContractReport;
  stops: Stops;
  /** The key read before the run began, or its error thrown. */
  key: () => string | undefined;
}

/** Runs the checks into `report`; the error that stopped the run, if one did. */
async function checkAll({ o, g, checks, report, stops, key }: ContractRun): Promise<unknown> {
  // The plan bounds what is bought; the client holds only the caller's own --max-credits: a
  // retry after a timeout (possibly charged) must not be refused by the plan's estimate and
  // turn an outage into "credits exhausted".
  let session: Awaited<ReturnType<typeof openSession>> | undefined;
  try {
    session = await openSession(g, {
      apiKey: key(),
      ...(o.maxCredits !== undefined ? { maxCredits: o.maxCredits } : {}),
    });
    return await runAll(session.client, checks, o.concurrency ?? 4, report, g, stops);
  } catch (e) {
    // No key, a bad key file: nothing was sent, and the reports still say so.
    report.outage = { key: checks[0]!.key, message: describe(e, g) };
    for (const check of checks.slice(1))
      report.skipped.push({ key: check.key, reason: "not reached: the run stopped at an error" });
    return e;
  } finally {
    report.charged = session?.client.credits.charged ?? 0;
    await session?.close();
  }
}

/** The table, the reports, and the exit code of a run that ended with `failure` (or none). */
async function reportRun(r: {
  o: ContractOptions;
  g: GlobalOptions;
  plan: ReturnType<typeof planContract>;
  report: ContractReport;
  failure: unknown;
  stopped: Stopped;
  only: ((key: string) => boolean) | undefined;
}): Promise<number> {
  const { o, g, report, failure } = r;
  process.stdout.write(renderTable(report));
  // The outage's line first: a report that cannot be written must not hide it.
  if (failure !== undefined) process.stderr.write(`keyapi-tiktok: ${describe(failure, g)}\n`);
  // Both are tried, whatever becomes of the first.
  const unwritten = [
    await write(o.junit, "--junit", () => renderJunit(report)),
    await write(o.markdown, "--markdown", () => renderMarkdown(report)),
  ].filter((e) => e !== undefined);
  for (const e of unwritten) process.stderr.write(`keyapi-tiktok: ${describe(e)}\n`);
  // The run's own failure keeps its code; a report lost is the output's error otherwise.
  if (failure !== undefined) return exitCodeFor(failure);
  if (unwritten.length) return EXIT.output;
  const interrupted = r.stopped.reason;
  if (interrupted instanceof Interrupted && report.skipped.some((s) => STOPPED.has(s.reason))) {
    process.stderr.write("interrupted: the table and the reports hold the checks made\n");
    return interrupted.exitCode;
  }
  if (!report.results.length) {
    const why =
      r.only && !r.plan.skipped.length
        ? `no operation matches --only ${o.only!.join(" ")}`
        : "see why above";
    process.stderr.write(`keyapi-tiktok: nothing was checked (${hideKeys(why, runKey(g))})\n`);
    return EXIT.usage;
  }
  const verdicts = report.results.map(verdictOf);
  const drift = verdicts.includes("breaking") || (!!o.strict && verdicts.includes("additive"));
  return drift ? EXIT.drift : EXIT.ok;
}

/**
 * Runs the checks, `concurrency` at a time, results in the spec's order. The first error that is
 * not drift (the key, the credits, the server) stops the run: it is returned, its operation is
 * the report's outage, and what was not reached is listed as not checked.
 */
async function runAll(
  client: Parameters<typeof runCheck>[0],
  checks: Check[],
  concurrency: number,
  report: ContractReport,
  g: GlobalOptions,
  { stop, cancel }: Stops,
): Promise<unknown> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, cancel]);
  const results: (CheckResult | undefined)[] = [];
  const begun = new Set<number>();
  let failure: unknown;
  let next = 0;
  const worker = async () => {
    while (next < checks.length && failure === undefined && !stop.aborted) {
      const i = next++;
      begun.add(i);
      try {
        results[i] = await runCheck(client, checks[i]!, signal);
      } catch (e) {
        // Cancelled by the first failure, or by a second Ctrl-C: not the check's own error.
        if (failure !== undefined || cancel.aborted) continue;
        failure = e;
        report.outage = { key: checks[i]!.key, message: describe(e, g) };
        controller.abort(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, checks.length) }, worker));
  checks.forEach((check, i) => {
    const r = results[i];
    if (r?.refused) report.skipped.push({ key: check.key, reason: r.refused });
    else if (r) report.results.push(r);
    // Sent and cancelled (a second Ctrl-C, the drain's time up): it may have been charged.
    else if (failure === undefined)
      report.skipped.push({ key: check.key, reason: begun.has(i) ? CANCELLED : NOT_REACHED });
    else if (check.key !== report.outage?.key)
      report.skipped.push({ key: check.key, reason: "not reached: the run stopped at an error" });
  });
  return failure;
}

/** Why a check was not made when a signal stopped the run: not begun, or cancelled once sent. */
const NOT_REACHED = "not reached: the run was interrupted";
const CANCELLED = "cancelled in flight (it may have been charged): the run was interrupted";
const STOPPED = new Set([NOT_REACHED, CANCELLED]);

/**
 * Writes a report file; the output's error (exit 6) when it cannot be, for the caller to say.
 * Not blocking: a FIFO that nobody reads waits, and the process still hears a second Ctrl-C.
 */
async function write(
  file: string | undefined,
  flag: string,
  render: () => string,
): Promise<unknown> {
  if (file === undefined) return undefined;
  try {
    await writeFile(file, render());
    return undefined;
  } catch (e) {
    return outputError(file, e, flag);
  }
}

/**
 * An empty value (an unset variable in CI) never silently means "no report" or "every
 * operation"; two reports into one file would leave only the last.
 */
function checkOptions(o: ContractOptions, g: GlobalOptions): void {
  for (const [flag, value] of [
    ["--junit", o.junit],
    ["--markdown", o.markdown],
  ] as const) {
    if (value === undefined) continue;
    if (!value.trim()) throw new UsageError(`${flag} needs a file path`);
    // The check table is stdout's: a report there would be mixed into it.
    if (value === "-")
      throw new UsageError(`${flag} -: a report goes to a file (./- for a file named "-")`);
    const key = keyInName(value, runKey(g));
    if (key) throw new UsageError(`${flag} ${key}: give the report a file name`);
    // A report that cannot be written is said before a credit is spent, not after the checks.
    const problem = !existsSync(dirname(resolve(value)))
      ? "ENOENT"
      : existsSync(value) && statSync(value).isDirectory()
        ? "EISDIR"
        : undefined;
    if (problem) throw outputError(value, { code: problem }, flag);
  }
  if (o.only?.some((s) => !s.trim())) throw new UsageError("--only needs a non-empty text");
  if (o.junit !== undefined && o.markdown !== undefined && resolve(o.junit) === resolve(o.markdown))
    throw new UsageError("--junit and --markdown name the same file: give each its own");
}
