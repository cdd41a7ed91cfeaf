import path from "node:path";
import type { Format } from "../output/writers.js";

/** The format a file's name says: what a spreadsheet or `jq` would open it as. */
const BY_EXTENSION: Record<string, Format> = {
  ".csv": "csv",
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
};

/**
 * The format of a pull: `--format` when given; else the one `--out`'s extension names
 * (`reviews.csv` is CSV, not a table padded for a terminal); else the command's own. In any case,
 * as the extension is: `--format CSV` is CSV.
 */
export const formatFor = (
  given: string | undefined,
  out: string | undefined,
  fallback: Format,
): string =>
  given?.toLowerCase() ??
  (out === undefined ? undefined : BY_EXTENSION[path.extname(out).toLowerCase()]) ??
  fallback;
