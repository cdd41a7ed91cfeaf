import { UsageError } from "../exit-codes.js";
import { FORMATS, type Format } from "../output/writers.js";
import { formatFor } from "./format-for.js";
import type { PullOptions } from "./pull.js";

/** The flags every export command shares. */
export interface ExportFlags {
  all?: boolean;
  pages?: number;
  /** `--format`; undefined: by `--out`'s extension, else the command's own. */
  format?: string;
  out?: string;
  maxCredits?: number;
  rps?: number;
  concurrency?: number;
  resume?: boolean;
}

/** Checks the shared flags (one line naming the flag) and turns them into pull options. */
export function exportOptions(
  o: ExportFlags,
  /** The command's format when neither `--format` nor `--out`'s extension names one. */
  fallback: Format,
): Pick<
  PullOptions,
  "format" | "out" | "maxPages" | "maxCredits" | "rps" | "concurrency" | "resume"
> {
  const format = formatFor(o.format, o.out, fallback);
  if (!FORMATS.includes(format as Format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (o.all && o.pages !== undefined)
    throw new UsageError("use either --all or --pages N, not both");
  return {
    format: format as Format,
    out: o.out,
    maxPages: o.all ? undefined : (o.pages ?? 1),
    maxCredits: o.maxCredits,
    rps: o.rps,
    concurrency: o.concurrency,
    resume: o.resume,
  };
}
