import { existsSync } from "node:fs";
import { EXIT, UsageError, wordsOf } from "../exit-codes.js";
import { oneLine } from "../output/terminal-text.js";
import { createWriter, type Format } from "../output/writers.js";
import { createEachProgress, type EachProgress } from "../progress.js";
import { apiKeyOf, refuseKeyAsData } from "../api-key.js";
import { checkGlobals, openSession, sourceOf, type GlobalOptions, type Session } from "../setup.js";
import { failedPath } from "./checkpoint.js";
import { openEachCheckpoint } from "./each-checkpoint.js";
import { budgetGroups } from "./page-budgets.js";
import { failedListAt, openFailedList, type FailedList } from "./failed-list.js";
import { refuseGivenParams } from "./given-params.js";
import { isProxyRefusal } from "@keyapi-tiktok/proxy-fetch";
import { leftOut } from "./left-out.js";
import { openPullOutput } from "./pull-output.js";
import { columnsOf, flatten, recordSchema } from "./columns.js";
import { operationOf } from "./operation.js";
import { recordsSaid, spentSaid, type Counted } from "./result-line.js";
import {
  ranToEnd,
  refusedUnsent,
  stoppedExit,
  withOutput,
  withStops,
  type Stops,
} from "./stops.js";

/** One pull over many entities: the same operation and query, one parameter per entity. */
export interface EachOptions {
  path: string;
  query: Record<string, unknown>;
  pathParams: Record<string, string>;
  /** The parameter each entity sets (`product_id`), where it goes, and its values. */
  param: { name: string; in: "query" | "path" };
  ids: string[];
  /** Turns an id into the parameter's type (an integer id stays an integer). */
  coerce: (id: string) => unknown;
  format: Format;
  out?: string | undefined;
  maxPages: number | undefined;
  maxCredits?: number | undefined;
  rps?: number | undefined;
  concurrency?: number | undefined;
  resume?: boolean | undefined;
}

export interface EachResult extends Counted {
  entities: number;
  /** Entities pulled to their last page, or under `--pages N` to their N-th. */
  completed: number;
  /** Entities whose pull failed on their own (a bad id): named in `<out>.failed` or on stderr. */
  failed: number;
  /** Records left out, each named on stderr (not an object, or nested too deep to write). */
  refused: number;
  /** Where the failed entities are named: the list's file, or undefined (on stderr). */
  failedAt: string | undefined;
  failure: unknown;
  stopped: unknown;
  /** `--pages N`: N, each entity's limit (undefined with `--all`). */
  pagesEach: number | undefined;
}

/**
 * Pulls every page of every entity (`--ids-file`, `--each`) under one window of requests, into
 * one output: each record carries its entity (the parameter's field is added where the items
 * lack it). An entity that fails on its own is named (in `<out>.failed`, else on stderr) and the
 * pull goes on.
 */
export async function pullEach(given: EachOptions, g: GlobalOptions): Promise<EachResult> {
  await checkGlobals(g, given.out);
  refuseGivenParams("get", given.path, { query: given.query, path: given.pathParams });
  const apiKey = await apiKeyOf(g);
  refuseKeyAsData(apiKey, {
    params: { ...given.query, ...given.pathParams },
    each: { name: given.param.name, ids: given.ids },
  });
  return withStops((stops) => withOutput(given, (o) => pullEachLocked(o, g, apiKey, stops)));
}

async function pullEachLocked(
  o: EachOptions,
  g: GlobalOptions,
  apiKey: string | undefined,
  stops: Stops,
): Promise<EachResult> {
  const { pagination } = operationOf(o.path, "get");
  if (!pagination)
    throw new UsageError(`GET ${o.path} is not paged: --each needs a paged operation`);
  const result: EachResult = {
    records: 0,
    earlier: 0,
    pages: 0,
    entities: o.ids.length,
    completed: 0,
    failed: 0,
    refused: 0,
    failedAt: undefined,
    charged: 0,
    requests: 0,
    failure: undefined,
    stopped: undefined,
    pagesEach: o.maxPages,
  };
  // The output first: a bad --out costs no credit and starts no mock server.
  const { resumable, next, first, cursors } = openEachCheckpoint(o, sourceOf(g));
  // A device or pipe (`--out /dev/stdout`) has no list beside it: failures go to stderr.
  if (resumable) result.failedAt = failedPath(o.out!);
  // What the runs before this one settled (its checkpoint's tally) counts in this one's: an
  // entity that failed then keeps the pull partial (exit 7), or a retry loop of `--resume` would
  // read a failure as success; a finished pull ends as that run did, whatever became of
  // `<out>.failed` since.
  result.failed = next.filter((n) => n === -1).length;
  result.completed = next.filter((n) => n === 0).length;
  if (resumable?.finished) {
    result.earlier = resumable.resumed?.records ?? 0;
    process.stderr.write(
      `already complete: ${o.out} holds this pull's ${result.earlier} records; nothing bought\n`,
    );
    return result;
  }
  // A file that was there before is replaced only by a complete pull.
  const output = await openPullOutput(o.out, resumable, true);
  const { before } = output;
  result.earlier = before;
  const { stop, cancel, stopped } = stops;
  stops.watch(output.target, o.out);

  const schema = columnsOf(recordSchema(o.path, "get", pagination.itemsPath));
  // The entity's own column first, where the items do not carry it.
  const columns = schema.includes(o.param.name) ? schema : [o.param.name, ...schema];
  const flat = o.format === "csv" || o.format === "table";
  const writer = createWriter(o.format, output.sink!, columns, before > 0, [o.param.name]);
  let failedList: FailedList | undefined;
  const recordFailure = (id: string, error: unknown) => {
    const line = `${oneLine(id)}\t${oneLine(wordsOf(error, g))}\n`;
    if (failedList?.file) failedList.add(oneLine(id), line);
    else process.stderr.write(`failed: ${line}`);
    // Counted once listed: a list that cannot be written ends the pull without it.
    result.failed++;
  };
  let progress: EachProgress | undefined;
  // The entities still to pull, each from its next page (all of them, from the first, if new),
  // in walks by the pages each has left under --pages.
  const walks = budgetGroups(next, first, o.maxPages);
  const pageParam = pagination.style === "page" ? pagination.pageParam : undefined;
  const cursorParam = pagination.style === "cursor" ? pagination.cursorParam : undefined;
  let session: Session | undefined;
  // Walks run to their end: all of them, and the pull is whole whatever stop came as it ended.
  let walked = 0;
  try {
    // Named in the checkpoint before any failure is listed: only this list is added to and
    // renamed at the end. A folder in its way is refused here, before anything is bought.
    const at = failedListAt(o.out, output.keptAt, resumable);
    const failedIds = new Set(o.ids.flatMap((id, i) => (next[i] === -1 ? [oneLine(id)] : [])));
    failedList = openFailedList({ ...at, out: o.out!, failedIds });
    if (at.file && !resumable?.startFailed) resumable?.nameList(at.file);
    // Said once the list is open: a run refused at its list is not "resuming".
    if (resumable?.resumed)
      process.stderr.write(
        `resuming ${o.out}: ${before} records so far, ${result.failed + result.completed} of ${o.ids.length} entities done\n`,
      );
    // After that line (drawn before it, the bar had it on its own line), from the entities done.
    progress = createEachProgress(process.stderr, o.ids.length, result.failed + result.completed);
    session = await openSession(g, {
      apiKey,
      maxCredits: o.maxCredits,
      requestsPerSecond: o.rps,
    });
    const { client } = session;
    for (const walk of walks) {
      // A stop (Ctrl-C, stdout gone) ends the walk it came in: the next one is not begun.
      if (stopped.aborted) break;
      const todo = walk.entities;
      const each = todo.map((i) => {
        const id = o.ids[i]!;
        // Each from where it stands: its next page, or the position its last page handed back.
        const query = pageParam
          ? { ...o.query, [pageParam]: next[i] }
          : cursorParam && i in cursors
            ? { ...o.query, [cursorParam]: cursors[i] }
            : o.query;
        return o.param.in === "path"
          ? { query, path: { ...o.pathParams, [o.param.name]: id } }
          : {
              query: { ...query, [o.param.name]: o.coerce(id) },
              ...(Object.keys(o.pathParams).length ? { path: o.pathParams } : {}),
            };
      });
      const pages = client
        .paginateEach(
          o.path as never,
          {
            each,
            signal: cancel,
            stop,
            ...(walk.maxPages !== undefined ? { maxPages: walk.maxPages } : {}),
            ...(o.concurrency ? { concurrency: o.concurrency } : {}),
          } as never,
        )
        .pages();
      for await (const page of pages as AsyncIterable<
        | {
            entity: number;
            page: number;
            items: unknown[];
            last: boolean;
            next?: string | number | null;
          }
        | { entity: number; error: unknown }
      >) {
        failedList.started();
        const i = todo[page.entity]!;
        const id = o.ids[i]!;
        // An error here is the entity's own; one every entity would meet (the key, the budget)
        // ends the loop instead, after the pages already bought.
        if ("error" in page) {
          // A proxy that opens no tunnel, or refuses its credentials, fails every entity alike: the
          // pull stops there (exit 5 or 3, resumable), rather than listing each as its own failure.
          if (isProxyRefusal(page.error)) throw page.error;
          recordFailure(id, page.error);
          next[i] = -1;
          delete cursors[i];
        } else {
          // Counted across runs: a cursor walk numbers a resumed entity's pages from 1 again.
          const at = pageParam ? page.page : next[i]!;
          const where = `${oneLine(`${o.param.name} ${id}`.slice(0, 80))}, page ${at}`;
          for (const item of page.items) {
            if (leftOut(item, where, "cannot carry its entity")) {
              result.refused++;
              continue;
            }
            const record = item as Record<string, unknown>;
            const tagged = o.param.name in record ? record : { [o.param.name]: id, ...record };
            writer.write(flat ? flatten(tagged, columns) : tagged);
            result.records++;
          }
          result.pages++;
          if (page.last) result.completed++;
          next[i] = page.last ? 0 : at + 1;
          if (page.last) delete cursors[i];
          else if (cursorParam) cursors[i] = page.next!;
        }
        // On disk (and a failure in its list), then the checkpoint: a kill after this line buys
        // this page again at most.
        output.pageDone({
          nextPage: 1,
          records: before + result.records,
          entities: next,
          ...(cursorParam ? { cursors } : {}),
        });
        progress?.update({
          done: result.failed + result.completed,
          pages: result.pages,
          items: result.records,
          credits: client.credits.charged,
        });
      }
      walked++;
    }
  } catch (error) {
    result.failure = error;
  } finally {
    progress?.stop();
    failedList?.close();
    // Complete, the list went with the data to `FILE.failed`; else it is where it was written
    // (unless an end that failed half-way had moved it already).
    const complete = await output.finish(
      writer,
      result,
      walked === walks.length ? ranToEnd(stopped) : stopped,
    );
    if (!complete && failedList?.file && existsSync(failedList.file))
      result.failedAt = failedList.file;
    Object.assign(result, session?.client.credits ?? {});
    await session?.close();
  }
  return result;
}

/**
 * What the entities counted had done: under `--pages N` an entity cut off at its N-th page is
 * not "pulled whole" (the API cannot tell a full last page from one more to come).
 */
const doneSaid = (pagesEach: number | undefined) =>
  pagesEach === undefined
    ? "pulled whole"
    : `done (at most ${pagesEach} page${pagesEach === 1 ? "" : "s"} each)`;

/** The credits line and the exit code: 0, `partial` (some entities failed), or the failure's. */
export function concludeEach(r: EachResult, noun: string, entities: string): number {
  const failed = r.failed ? `, ${r.failed} failed (${r.failedAt ?? "named above"})` : "";
  const refused = r.refused ? `, ${r.refused} records left out (named above)` : "";
  if (!refusedUnsent(r))
    process.stderr.write(
      `${recordsSaid(r, noun)} from ${r.completed} of ${r.entities} ${entities} ${doneSaid(r.pagesEach)}${failed}${refused}, ${spentSaid(r)}\n`,
    );
  const stopped = stoppedExit(r.stopped);
  if (stopped !== undefined) return stopped;
  if (r.failure) throw r.failure;
  return r.failed ? EXIT.partial : EXIT.ok;
}
