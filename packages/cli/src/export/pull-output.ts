import { existsSync } from "node:fs";
import type { ResumableOutput } from "../output/resumable.js";
import { flushed, openOutput, outputError, type OutputTarget } from "../output/target.js";
import type { RecordWriter, Sink } from "../output/writers.js";
import { partialPath } from "./checkpoint.js";
import { finishCheckpointed } from "./resume.js";
import { finishTarget, readStop, type Ending, type Stopped } from "./stops.js";
import { forTerminal } from "../output/terminal-text.js";

/**
 * A pull's output, one shape whatever it is (a checkpointed `--out`, a plain `--out`, stdout,
 * nowhere): where records are written, a page done, and the end by how the pull ended.
 */
export interface PullOutput {
  /** Where the writer writes; undefined when the records go nowhere (`--summary` alone). */
  sink: Sink | undefined;
  /** A plain `--out` (its stream's errors stop the pull); undefined otherwise. */
  target: OutputTarget | undefined;
  /** Records earlier runs wrote (a resumed pull's); 0 for a new one. */
  before: number;
  /**
   * Where the data of a pull stopped early is kept: `FILE`, or `FILE.partial` while a `FILE`
   * that was there before stays in place. Undefined without `--out`.
   */
  keptAt: string | undefined;
  /** Every record of the page is written: checkpointed where there is a checkpoint. */
  pageDone: ResumableOutput["pageDone"];
  /**
   * The end: reads why the pull stopped into `ending`, closes the records well-formed, and
   * gives the file its fate (its name, kept aside, or nothing). True when a checkpointed pull
   * is complete: its data took `FILE`'s name.
   */
  finish(writer: RecordWriter | undefined, ending: Ending, signal: Stopped): Promise<boolean>;
}

/**
 * Records shown on a terminal (stdout, `--out /dev/tty`) are for a person's eyes, as a table is:
 * a review's escape sequences would set the window's title, clear the screen or draw a link.
 * Piped or redirected, the data goes as it came.
 */
const inertOn = (stream: Sink): Sink => ({
  write: (chunk) => stream.write(forTerminal(chunk.replace(/\r\n/g, "\n"))),
});

/**
 * Opens the output of a pull to `out` (checkpointed when `resumable` is given), else to stdout
 * when `toStdout`. A file that was there before is replaced only by a complete pull.
 */
export async function openPullOutput(
  out: string | undefined,
  resumable: ResumableOutput | undefined,
  toStdout: boolean,
): Promise<PullOutput> {
  const outExisted = !!out && existsSync(out);
  const target = out && !resumable ? await openOutput(out) : undefined;
  const before = resumable?.resumed?.records ?? 0;
  const sink = resumable?.sink ?? target?.stream ?? (toStdout ? process.stdout : undefined);
  const stdout = sink === process.stdout;
  const keptAt = resumable && outExisted ? partialPath(out!) : out;
  return {
    sink: sink && ((stdout && process.stdout.isTTY) || target?.terminal) ? inertOn(sink) : sink,
    target,
    before,
    keptAt,
    pageDone: resumable ? resumable.pageDone : () => {},
    async finish(writer, ending, signal) {
      const keep = readStop(ending, signal);
      let complete = false;
      if (resumable) complete = finishCheckpointed(resumable, writer!, ending, before, keptAt!);
      // An error before any record leaves stdout empty rather than holding a lone header or "[]".
      else if (keep || ending.records > 0) writer?.end();
      if (target) await finishTarget(target, ending, signal, outExisted);
      if (stdout) {
        // A reader gone (`| head`) is a stop as asked; anything else is stdout's error.
        const e = (await flushed(process.stdout)) as NodeJS.ErrnoException | undefined;
        if (e && e.code !== "EPIPE") ending.failure ??= outputError("stdout", e);
      }
      return complete;
    },
  };
}
