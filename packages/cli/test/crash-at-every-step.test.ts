import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointPath, readCheckpoint, type PullIdentity } from "../src/export/checkpoint.js";
import type { PullResult } from "../src/export/pull.js";
import { finishCheckpointed } from "../src/export/resume.js";
import { openResumable } from "../src/output/resumable.js";
import { nodeFs, type SyncFs } from "../src/output/sync-fs.js";
import { createWriter, type Format } from "../src/output/writers.js";
import { tempDir } from "./support.js";

// Every file-system step of a resumable pull (writing, checkpointing, stopping, resuming,
// finishing) is interrupted in turn, by a crash (the process is gone: nothing after it runs)
// or by a full disk (every write fails from then on, until space is freed). Then the pull is
// run again as a user would, with --resume when a checkpoint is there. The output must end up
// byte for byte what an uninterrupted pull writes, with nothing left beside it.

const PAGES = 4;
const identity: PullIdentity = {
  operation: "GET /v1/x",
  params: { query: { product_id: "7" }, path: {} },
  format: "json",
  pageSize: 2,
  source: "mock",
};
const page = (n: number) => [
  { id: `r${n}a`, text: `page ${n}, "first"\nline` },
  { id: `r${n}b`, text: `=page ${n}\r\nsecond` },
];
const COLUMNS = ["id", "text"];

/** Which calls are steps: everything that changes the disk (or could fail on a full one). */
const STEPS = [
  "openSync",
  "writeSync",
  "fsyncSync",
  "ftruncateSync",
  "fchmodSync",
  "closeSync",
  "renameSync",
  "rmSync",
  "writeFileSync",
] as const;

class Crash extends Error {}

/** The real file system, failing at step `at` (a crash) or from it on (a full disk). */
function faulty(at: number, mode: "crash" | "disk full") {
  let step = 0;
  let full = false;
  const io = { ...nodeFs } as Record<string, unknown>;
  for (const name of STEPS) {
    const real = (nodeFs as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    io[name] = (...args: unknown[]) => {
      if (step++ === at || (full && name !== "closeSync")) {
        if (mode === "crash") throw new Crash(`crash at step ${at} (${name})`);
        full = true;
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      }
      return real(...args);
    };
  }
  return { io: io as unknown as SyncFs, steps: () => step, free: () => (full = false) };
}

const result = (records: number, failure?: unknown): PullResult => ({
  records,
  earlier: 0,
  refused: 0,
  pages: 0,
  charged: 0,
  requests: 0,
  failure,
  stopped: undefined,
});

/**
 * One run as `pull` makes it: pages from where the output says, stopping after `stopAfter`
 * pages (a Ctrl-C: kept at --out) when given; a failure (the disk) ends it like pull does.
 */
function run(out: string, format: Format, io: SyncFs, stopAfter?: number): "done" | "stopped" {
  const resume = existsSync(checkpointPath(out));
  const r = openResumable(out, { ...identity, format }, resume, 1, io);
  if (r.finished) return "done";
  const before = r.resumed?.records ?? 0;
  const writer = createWriter(format, r.sink, COLUMNS, before > 0);
  let records = 0;
  let failure: unknown;
  let taken = 0;
  try {
    for (let n = r.startPage; n <= PAGES && taken !== stopAfter; n++, taken++) {
      for (const record of page(n)) (writer.write(record), records++);
      r.pageDone({ nextPage: n + 1, records: before + records });
    }
  } catch (e) {
    if (e instanceof Crash || (e as { cause?: unknown }).cause instanceof Crash) throw e;
    failure = e;
  }
  const stopped = taken === stopAfter;
  const outcome = { ...result(records, failure), stopped: stopped ? "signal" : undefined };
  finishCheckpointed(r, writer, outcome, before, out);
  if (outcome.failure) throw outcome.failure;
  return stopped ? "stopped" : "done";
}

/** The scenario: a first run stopped after 2 pages, a second run that resumes and finishes. */
function scenario(out: string, format: Format, io: SyncFs): void {
  run(out, format, io, 2);
  run(out, format, io);
}

/** After an interruption: run again (with --resume when there is a checkpoint) until done. */
function recover(out: string, format: Format): void {
  for (let tries = 0; tries < 3; tries++) if (run(out, format, nodeFs) === "done") return;
  throw new Error("never finished");
}

const FORMATS: Format[] = ["json", "ndjson", "csv"];

describe.each(FORMATS)("%s: every step of a resumable pull, interrupted", (format) => {
  const file = `r.${format}`;
  const quiet = <T>(fn: () => T): T => {
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      return fn();
    } finally {
      process.stderr.write = write;
    }
  };

  it.each(["crash", "disk full"] as const)("%s at each step, then the pull again", async (mode) => {
    const reference = path.join(await tempDir(), file);
    quiet(() => scenario(reference, format, nodeFs));
    const expected = await readFile(reference, "utf8");
    const counter = faulty(-1, mode);
    const probe = path.join(await tempDir(), file);
    quiet(() => scenario(probe, format, counter.io));
    const steps = counter.steps();
    expect(steps).toBeGreaterThan(40);
    console.log(`${format}, ${mode}: ${steps} steps interrupted in turn`);
    for (let at = 0; at < steps; at++) {
      const dir = await tempDir();
      const out = path.join(dir, file);
      const { io, free } = faulty(at, mode);
      quiet(() => {
        try {
          scenario(out, format, io);
        } catch {
          // The crash, or the disk: what is on disk now is what the next run finds.
        }
        free();
        recover(out, format);
      });
      expect(await readFile(out, "utf8"), `${mode} at step ${at}`).toBe(expected);
      // Beside the file, at most the receipt a run given --resume keeps: a finished checkpoint.
      const left = await readdir(dir);
      const receipt = left.includes(`${file}.checkpoint`) ? [`${file}.checkpoint`] : [];
      expect(left.sort(), `${mode} at step ${at}`).toEqual([file, ...receipt]);
      if (receipt.length) expect(readCheckpoint(out)?.finished, `step ${at}`).toBe(true);
    }
  });
});
