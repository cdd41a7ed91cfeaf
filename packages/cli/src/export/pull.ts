import { apiKeyOf, refuseKeyAsData } from "../api-key.js";
import { EXIT } from "../exit-codes.js";
import { createWriter, type Format } from "../output/writers.js";
import { createProgress } from "../progress.js";
import { checkGlobals, openSession, sourceOf, type GlobalOptions, type Session } from "../setup.js";
import { columnsOf, flatten, recordSchema } from "./columns.js";
import { operationOf } from "./operation.js";
import { refuseGivenParams } from "./given-params.js";
import { openPullOutput } from "./pull-output.js";
import { openCheckpointed, pagesBefore, pageWindow } from "./resume.js";
import { callOnce } from "./call-once.js";
import { leftOut } from "./left-out.js";
import { recordsSaid, spentSaid, type Counted } from "./result-line.js";
import {
  ranToEnd,
  refusedUnsent,
  stoppedExit,
  withOutput,
  withStops,
  type Stops,
} from "./stops.js";

/** One export: which operation, with what, and where the records go. */
export interface PullOptions {
  path: string;
  method: string;
  query: Record<string, unknown>;
  pathParams: Record<string, string>;
  body?: unknown;
  format: Format;
  out?: string | undefined;
  /** Pages to pull; undefined pulls every page (`--all`). Ignored for an operation not paged. */
  maxPages: number | undefined;
  maxCredits?: number | undefined;
  rps?: number | undefined;
  /** Pages in flight (the client's default when undefined). */
  concurrency?: number | undefined;
  /** Continue the pull `<out>.checkpoint` describes (`--resume`). */
  resume?: boolean | undefined;
  /** Sees every record as it arrives (the reviews summary). */
  onRecord?: (record: unknown) => void;
  /** False when the records go nowhere but `onRecord` (reviews --summary without --out). */
  writeStdout: boolean;
}

export interface PullResult extends Counted {
  /** Records received but not written, each named on stderr (nested too deep to export). */
  refused: number;
  failure: unknown;
  /** Why the pull stopped early: a signal, a closed pipe, an output error. */
  stopped: unknown;
}

/**
 * Pulls an operation's pages (or its one answer) and streams each record to the output as it
 * arrives. The output is written beside `--out` and renamed into place at the end; a signal or
 * a closed pipe ends the pull between records with a well-formed output.
 */
export async function pull(given: PullOptions, g: GlobalOptions): Promise<PullResult> {
  await checkGlobals(g, given.out);
  refuseGivenParams(given.method, given.path, {
    query: given.query,
    path: given.pathParams,
    ...(given.body !== undefined ? { body: given.body } : {}),
  });
  const apiKey = await apiKeyOf(g);
  refuseKeyAsData(apiKey, { params: { ...given.query, ...given.pathParams }, body: given.body });
  return withStops((stops) => withOutput(given, (o) => pullLocked(o, g, apiKey, stops)));
}

async function pullLocked(
  o: PullOptions,
  g: GlobalOptions,
  apiKey: string | undefined,
  stops: Stops,
): Promise<PullResult> {
  const { pagination } = operationOf(o.path, o.method);
  // The output is opened first: a bad --out costs no credit and starts no mock server.
  const resumable = openCheckpointed(o, sourceOf(g));
  const result: PullResult = {
    records: 0,
    earlier: 0,
    refused: 0,
    pages: 0,
    charged: 0,
    requests: 0,
    failure: undefined,
    stopped: undefined,
  };
  if (resumable?.finished) {
    result.earlier = resumable.resumed?.records ?? 0;
    process.stderr.write(
      `already complete: ${o.out} holds this pull's ${result.earlier} records; nothing bought\n`,
    );
    return result;
  }
  // A file that was there before this run (not the data of the run it resumes) is replaced only
  // by a complete pull: what a stopped or failed run bought goes beside it, to <out>.partial.
  const output = await openPullOutput(o.out, resumable, o.writeStdout);
  const { before } = output;
  result.earlier = before;
  if (resumable?.resumed)
    process.stderr.write(
      `resuming ${o.out}: ${before} records so far, from page ${resumable.startPage}\n`,
    );
  const { stop, cancel, stopped } = stops;
  stops.watch(output.target, o.out);

  const out = output.sink;
  const columns = columnsOf(recordSchema(o.path, o.method, pagination?.itemsPath));
  const flat = o.format === "csv" || o.format === "table";
  const writer = out && createWriter(o.format, out, columns, before > 0);
  const progress = pagination
    ? createProgress(process.stderr, o.maxPages, pagesBefore(o, resumable))
    : createProgress(process.stderr, 1);
  const take = (record: unknown, page: number) => {
    if (leftOut(record, `page ${page}`, flat && writer ? `has no ${o.format} columns` : undefined))
      return void result.refused++;
    writer?.write((flat ? flatten(record, columns) : record) as Record<string, unknown>);
    o.onRecord?.(record);
    result.records++;
  };
  let session: Session | undefined;
  let walked = false;
  try {
    session = await openSession(g, {
      apiKey,
      maxCredits: o.maxCredits,
      requestsPerSecond: o.rps,
    });
    const { client } = session;
    const walk = pagination && pageWindow(o, resumable);
    const pages = !walk
      ? callOnce(client, o, cancel)
      : walk.maxPages <= 0
        ? [] // a resumed --pages N that had pulled its N pages
        : client
            .paginate(
              o.path as never,
              {
                query: walk.query,
                path: o.pathParams,
                signal: cancel,
                stop,
                ...(walk.maxPages < Infinity ? { maxPages: walk.maxPages } : {}),
                ...(o.concurrency ? { concurrency: o.concurrency } : {}),
              } as never,
            )
            .pages();
    for await (const page of pages) {
      // A cursor walk numbers its pages from 1 each run; the pull counts across runs.
      const number =
        pagination?.style === "cursor"
          ? (resumable?.startPage ?? 1) + result.pages
          : ((page as { page?: number }).page ?? 1);
      for (const record of page.items) take(record, number);
      // On disk, then the checkpoint: a kill after this line buys this page again at most.
      const { next } = page as { next?: string | number | null };
      output.pageDone({ nextPage: number + 1, records: before + result.records, cursor: next });
      result.pages++;
      progress.update({
        pages: result.pages,
        items: result.records,
        credits: client.credits.charged,
      });
    }
    walked = true;
  } catch (error) {
    result.failure = error;
  } finally {
    progress.stop();
    await output.finish(writer, result, walked ? ranToEnd(stopped) : stopped);
    Object.assign(result, session?.client.credits ?? {});
    await session?.close();
  }
  return result;
}

/**
 * Prints the credits line and turns the result into the exit code (or the error to report):
 * 0, 128 + a signal's number, or the failure.
 */
export function conclude(r: PullResult, noun: string): number {
  const refused = r.refused ? `, ${r.refused} left out (named above)` : "";
  if (!refusedUnsent(r))
    process.stderr.write(`${recordsSaid(r, noun)}${refused}, ${spentSaid(r)}\n`);
  const stopped = stoppedExit(r.stopped);
  if (stopped !== undefined) return stopped;
  if (r.failure) throw r.failure;
  return EXIT.ok;
}
