import { KeyApiError } from "@keyapi-tiktok/client";
import { operationKey } from "@keyapi-tiktok/types";
import { UsageError } from "../exit-codes.js";
import { writesDirectly } from "../output/out-path.js";
import { openResumable, type ResumableOutput } from "../output/resumable.js";
import type { RecordWriter } from "../output/writers.js";
import { operationOf } from "./operation.js";
import { refuseBadPositions } from "./positions.js";
import type { PullOptions } from "./pull.js";
import type { Ending } from "./stops.js";

// The resumable side of a pull (`--out FILE` of a paged operation, `--resume`): which output,
// where the walk starts, and how the output ends.

/** The checkpointed output of a paged pull to a file, or undefined (stdout, a device, one call). */
export function openCheckpointed(o: PullOptions, source: string): ResumableOutput | undefined {
  const pagination = operationOf(o.path, o.method).pagination;
  if (!pagination || !o.out || writesDirectly(o.out)) {
    if (o.resume) throw new UsageError("--resume needs --out <file> and a paged operation");
    return undefined;
  }
  // The page number is where a page walk stands, not what it pulls: left out, and the page it
  // began at kept apart (`firstPage`, when not the operation's first). A cursor walk's start is
  // what it pulls (offset 100 is another pull than offset 0): kept.
  const { [pagination.sizeParam ?? ""]: size, ...withoutSize } = o.query;
  const { [pagination.style === "page" ? pagination.pageParam : ""]: _page, ...query } =
    withoutSize;
  const identity = {
    operation: operationKey(o.method, o.path),
    params: { query, path: o.pathParams, ...(o.body !== undefined ? { body: o.body } : {}) },
    format: o.format,
    pageSize: (size as number | undefined) ?? pagination.maxPageSize,
    source,
    ...(pagination.style === "page" && firstPageOf(o) !== pagination.firstPage
      ? { firstPage: firstPageOf(o) }
      : {}),
  };
  const resumable = openResumable(
    o.out,
    identity,
    !!o.resume,
    firstPageOf(o),
    undefined,
    o.maxPages ?? null,
  );
  const at = resumable.startCursor;
  if (at !== undefined && at !== null) refuseBadPositions(o.out, o.path, o.method, [at]);
  return resumable;
}

/** The first page's number: the one asked for, or the operation's first; 1 for a cursor walk. */
const firstPageOf = (o: PullOptions) => {
  const p = operationOf(o.path, o.method).pagination!;
  if (p.style === "cursor") return 1;
  return (o.query[p.pageParam] as number | undefined) ?? p.firstPage;
};

/** Pages the runs before this one pulled (0 unless resumed). */
export const pagesBefore = (o: PullOptions, resumable: ResumableOutput | undefined) =>
  (resumable?.startPage ?? firstPageOf(o)) - firstPageOf(o);

/** Where this run's walk starts and how many pages it may take (a resumed run continues). */
export function pageWindow(o: PullOptions, resumable: ResumableOutput | undefined) {
  const p = operationOf(o.path, o.method).pagination!;
  const start = resumable?.startPage ?? firstPageOf(o);
  const maxPages = (o.maxPages ?? Infinity) - pagesBefore(o, resumable);
  if (p.style === "page") return { query: { ...o.query, [p.pageParam]: start }, maxPages };
  const cursor = resumable?.startCursor;
  // null: the last page was written before the run stopped; nothing is left to buy.
  if (cursor === null) return { query: o.query, maxPages: 0 };
  return {
    query: cursor === undefined ? o.query : { ...o.query, [p.cursorParam]: cursor },
    maxPages,
  };
}

/**
 * Ends a checkpointed output. Success: the data takes --out's name, the checkpoint goes. A
 * stopped or failed run that wrote records keeps them well-formed (at `keepAs`) with the
 * checkpoint naming them, so `--resume` continues it; one that wrote nothing leaves nothing.
 * True when the data took `--out`'s name.
 */
export function finishCheckpointed(
  resumable: ResumableOutput,
  writer: RecordWriter,
  result: Ending,
  before: number,
  keepAs: string,
): boolean {
  const ok = !result.failure && !(result.stopped ?? false);
  const total = before + result.records;
  try {
    if (!ok && total === 0) {
      resumable.discard();
      return false;
    }
    // Complete only once the end is written: a write that fails there (the `]` of a json
    // array) leaves a stopped pull that --resume ends, never a receipt for a torn file.
    let ended = false;
    try {
      writer.end();
      ended = true;
    } catch (e) {
      result.failure ??= e;
    }
    if (ok && ended) {
      resumable.complete();
      return true;
    }
    // A walk whose pages repeated the page before them would, resumed, buy the same pages again.
    const repeated =
      result.failure instanceof KeyApiError && result.failure.reason === "repeated-pages";
    resumable.stop(keepAs, repeated);
    process.stderr.write(
      repeated
        ? `the ${total} records received are in ${keepAs}; --resume would buy the same pages again\n`
        : `the ${total} records received are in ${keepAs}; the same command with --resume continues the pull\n`,
    );
  } catch (e) {
    result.failure ??= e;
  }
  return false;
}
