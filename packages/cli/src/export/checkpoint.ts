import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../exit-codes.js";

/** What makes two runs the same pull: a resumed run must match every field. */
export interface PullIdentity {
  /** `GET /v1/tiktok/product/reviews/analytics` */
  operation: string;
  /** Query (without the page number), path parameters and body, as given. */
  params: Record<string, unknown>;
  format: string;
  pageSize: number;
}

/** Where an unfinished pull stands; written after each page is on disk. */
export interface Checkpoint extends PullIdentity {
  version: 1;
  /** The page the pull continues at. */
  nextPage: number;
  /** The records written so far (all runs). */
  records: number;
  /** The data's length in bytes up to the last whole page (without a closing `]`). */
  bytes: number;
  /** The file holding the data, beside the checkpoint (`r.json` after Ctrl-C, else `r.json.partial`). */
  file: string;
}

/** The checkpoint of `--out <file>`. */
export const checkpointPath = (out: string): string => `${out}.checkpoint`;

/** A stable text for a value: object keys sorted, so `a=1 b=2` and `b=2 a=1` are one query. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

/**
 * Why a checkpoint cannot be resumed by this command, naming what differs; undefined when it
 * can. Resuming with another query, format or page size would splice two different pulls.
 */
export function mismatch(saved: PullIdentity, wanted: PullIdentity): string | undefined {
  const fields: [keyof PullIdentity, string][] = [
    ["operation", "operation"],
    ["params", "query"],
    ["format", "--format"],
    ["pageSize", "page size"],
  ];
  for (const [field, name] of fields) {
    const [was, is] = [canonical(saved[field]), canonical(wanted[field])];
    if (was !== is) return `its ${name} was ${was}, this command's is ${is}`;
  }
  return undefined;
}

/** The checkpoint at `file`, undefined when there is none; a damaged one is a usage error. */
export function readCheckpoint(file: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    // Any other error (a path under a file, no permission) is the output's: the caller says so.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const cp = (() => {
    try {
      return JSON.parse(text) as Checkpoint;
    } catch {
      return undefined;
    }
  })();
  const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (cp?.version !== 1 || ![cp.nextPage, cp.records, cp.bytes].every(whole) || !cp.file)
    throw new UsageError(`the checkpoint ${file} is damaged: delete it and its data to start over`);
  return cp;
}

/**
 * Writes the checkpoint atomically: a temp file beside it, fsynced, renamed over it, and the
 * folder fsynced so the rename itself survives a power cut. A crash at any point leaves the old
 * checkpoint or the new one, never a torn one.
 */
export function saveCheckpoint(file: string, cp: Checkpoint): void {
  // One fixed temp name: a run killed between write and rename leaves it for the next to reuse.
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(cp, null, 2) + "\n");
  syncPath(temp);
  renameSync(temp, file);
  syncPath(path.dirname(path.resolve(file)));
}

/** fsync by path (a file or a folder). */
export function syncPath(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
