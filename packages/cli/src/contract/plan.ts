import { operationKey, operationTable, type OperationSpec } from "@keyapi-tiktok/types";
import { effectiveSpec } from "@keyapi-tiktok/types/spec";

/** One operation's sample request, as `spec/contract-samples.json` holds it. */
export interface SampleRequest {
  query?: Record<string, unknown>;
  path?: Record<string, unknown>;
  body?: unknown;
}

/** An operation the run calls. */
export interface Check {
  method: string;
  path: string;
  /** `GET /v1/tiktok/…`: the test case's name in every report. */
  key: string;
  credits: number;
  sample: SampleRequest;
}

/** An operation the run leaves out, and why (a report lists it as not checked). */
export interface Skip {
  key: string;
  reason: string;
}

export interface ContractPlan {
  checks: Check[];
  skipped: Skip[];
  /** What the checks cost at most: each operation's credits once. */
  credits: number;
}

/** The sample the effective spec holds for an operation (`x-contract-sample`), if any. */
function sampleOf(path: string, method: string): SampleRequest | { unusable: string } | undefined {
  const item = effectiveSpec.paths[path] as Record<string, Record<string, unknown>> | undefined;
  return item?.[method]?.["x-contract-sample"] as SampleRequest | { unusable: string } | undefined;
}

/**
 * Which operations a run checks, in the spec's order: each with a usable sample, while the
 * credits stay within `maxCredits`. An operation of unknown cost is counted at 1, as the client
 * does. Pure but for the spec it reads; `only` narrows the run to some operations (tests, a team
 * that checks what it uses).
 */
export function planContract(
  maxCredits: number | undefined,
  only?: (key: string) => boolean,
  table: Record<string, Record<string, OperationSpec>> = operationTable,
  samples: (path: string, method: string) => ReturnType<typeof sampleOf> = sampleOf,
): ContractPlan {
  const plan: ContractPlan = { checks: [], skipped: [], credits: 0 };
  for (const [path, methods] of Object.entries(table)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = operationKey(method, path);
      if (only && !only(key)) continue;
      const sample = samples(path, method);
      const credits = op.credits ?? 1;
      if (!sample) plan.skipped.push({ key, reason: "no sample in spec/contract-samples.json" });
      else if ("unusable" in sample)
        plan.skipped.push({ key, reason: `no usable sample: ${sample.unusable}` });
      else if (maxCredits !== undefined && plan.credits + credits > maxCredits)
        plan.skipped.push({
          key,
          reason: `over --max-credits ${maxCredits} (costs ${credits}, ${plan.credits} already planned)`,
        });
      else {
        plan.checks.push({ method, path, key, credits, sample });
        plan.credits += credits;
      }
    }
  }
  return plan;
}
