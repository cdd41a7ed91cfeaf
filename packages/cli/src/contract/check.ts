import {
  errorClassFor,
  InvalidParamsError,
  InvalidResponseError,
  type KeyApiClient,
} from "@keyapi-tiktok/client";
import { operationKey } from "@keyapi-tiktok/types";
import { effectiveSpec, successResponse } from "@keyapi-tiktok/types/spec";
import { checkResponse } from "@keyapi-tiktok/types/validators";
import { driftOf, groupFindings, type Finding, type FindingGroup } from "./drift.js";
import type { Check } from "./plan.js";
import { hideKeys } from "../output/key-shaped.js";

/**
 * A finding as the reports carry it: a server's words and values as they came, but for what
 * has a key's shape (another's key in an answer; the run's own the client has taken out).
 */
const withoutKeys = (f: Finding): Finding => ({
  ...f,
  path: hideKeys(f.path),
  message: hideKeys(f.message),
  ...(f.value !== undefined ? { value: hideKeys(f.value) } : {}),
});

/** What one operation's live answer says about the spec. */
export interface CheckResult {
  key: string;
  /** The HTTP status the API answered (the mapped one for an error in a 200 envelope). */
  status: number | undefined;
  findings: FindingGroup[];
  /** Set when the sample itself was refused before sending (no credit spent). */
  refused?: string;
  ms: number;
}

/**
 * Statuses that say nothing about the spec: the key (401, 403), the credits (402), throttling
 * (429, after the client's own retries) and the server (5xx). They end the run with the CLI's
 * exit code for them: an outage is not drift.
 */
const notDrift = (status: number) => [401, 402, 403, 429].includes(status) || status >= 500;

/**
 * Calls one operation with its sample through the client (auth, retries, the rate limit) and
 * compares the answer with the effective spec: the status, the envelope and `data`, each
 * difference classified. Errors that are not drift are thrown as the client's typed errors.
 */
export async function runCheck(
  client: KeyApiClient,
  check: Check,
  signal: AbortSignal,
): Promise<CheckResult> {
  const started = performance.now();
  const result = (findings: Finding[], status: number | undefined): CheckResult => ({
    key: check.key,
    status,
    // Breaking first: what fails the run leads every report.
    findings: groupFindings(findings.map(withoutKeys)).sort(
      (a, b) => Number(a.kind === "additive") - Number(b.kind === "additive"),
    ),
    ms: Math.round(performance.now() - started),
  });
  let answer: { data?: unknown; error?: { message?: unknown }; response: Response };
  try {
    answer = (await client.request(
      check.method as "get",
      check.path as never,
      {
        params: { query: check.sample.query, path: check.sample.path },
        ...(check.sample.body !== undefined ? { body: check.sample.body } : {}),
        signal,
      } as never,
    )) as typeof answer;
  } catch (e) {
    if (e instanceof InvalidParamsError)
      return { ...result([], undefined), refused: `the sample is invalid: ${e.message}` };
    // A 2xx that is not JSON (a SyntaxError behind it), or not the envelope (no cause): the
    // client cannot read it at all. A body cut off by the network is an outage, thrown.
    if (
      e instanceof InvalidResponseError &&
      (e.cause === undefined || e.cause instanceof SyntaxError)
    )
      return result(
        [{ kind: "breaking", path: "(body)", message: `the envelope is broken: ${e.message}` }],
        e.status,
      );
    throw e;
  }
  const { response, data, error } = answer;
  const status = response.status;
  if (!response.ok) {
    const said = typeof error?.message === "string" ? error.message : response.statusText;
    if (notDrift(status)) {
      const Class = errorClassFor(status);
      throw new Class(`${said} (HTTP ${status})`, {
        status,
        method: check.method.toUpperCase(),
        path: check.path,
      });
    }
    // A 400 or a 404 for a sample that worked when it was written: the operation changed.
    return result(
      [
        {
          kind: "breaking",
          path: "(status)",
          message: `HTTP ${status} for the sample, expected a success`,
          value: JSON.stringify(said),
        },
      ],
      status,
    );
  }
  const documented = successResponse(check.path, check.method);
  if (!documented) return result([], status);
  const findings = driftOf(documented.schema, data, effectiveSpec);
  // The generated validator also knows keywords the walk does not read (bounds, patterns).
  const problem = checkResponse(
    `${operationKey(check.method, check.path)} ${documented.status}`,
    data,
  );
  if (problem && !findings.some((f) => f.kind === "breaking"))
    findings.push({ kind: "breaking", path: "(body)", message: problem });
  return result(findings, status);
}
