import { createHash } from "node:crypto";
import { UsageError } from "../exit-codes.js";
import { writesDirectly } from "../output/out-path.js";
import { openResumable, type ResumableOutput } from "../output/resumable.js";
import type { EachOptions } from "./pull-each.js";
import { oneLine } from "../output/terminal-text.js";
import { operationOf } from "./operation.js";
import { refuseBadPositions } from "./positions.js";

/** Where a pull of many entities stands: its checkpointed output, and each entity's next page. */
export interface EachProgressState {
  resumable: ResumableOutput | undefined;
  /** Each entity's next page, in the ids' order; 0 when it is done. */
  next: number[];
  /** The page each entity's walk began at: what `--pages N` counts from. */
  first: number;
  /**
   * Cursor walks: where each entity part-way through its pages continues, by its index (its
   * next page counts the pages it has, for `--pages N`).
   */
  cursors: Record<number, string | number>;
}

/**
 * The checkpointed output of a pull of many entities to `--out FILE`: the same file steps as a
 * single pull (`FILE.partial`, `FILE.checkpoint` after every page), with each entity's next page
 * in the checkpoint. The ids list is part of what the pull is (by its sha256): `--resume` with
 * another list, shard, query or format is refused. A cursor walk keeps, beside the pages each
 * entity has, the position each one part-way continues at. Under `--pages N` (part of what the
 * pull is: resumed with the same N) each entity's budget is N less the pages it has (its next
 * page less its first), so a resumed run buys no page past it.
 */
export function openEachCheckpoint(o: EachOptions, source: string): EachProgressState {
  const pagination = operationOf(o.path, "get").pagination!;
  const first =
    pagination.style === "page"
      ? ((o.query[pagination.pageParam] as number | undefined) ?? pagination.firstPage)
      : 1;
  const fresh = () => o.ids.map(() => first);
  if (!o.out || writesDirectly(o.out)) {
    if (o.resume) throw new UsageError("--resume needs --out <file>");
    return { resumable: undefined, next: fresh(), first, cursors: {} };
  }
  const { [pagination.sizeParam ?? ""]: size, ...query } = o.query;
  const identity = {
    operation: `GET ${o.path}`,
    params: {
      query,
      path: o.pathParams,
      each: o.param.name,
      ids: createHash("sha256").update(o.ids.join("\n")).digest("hex"),
    },
    format: o.format,
    pageSize: (size as number | undefined) ?? pagination.maxPageSize,
    source,
    ...(o.maxPages !== undefined ? { eachPages: o.maxPages } : {}),
  };
  const resumable = openResumable(o.out, identity, !!o.resume, 1, undefined, o.maxPages ?? null);
  const saved = resumable.startEntities;
  if (saved && saved.length !== o.ids.length)
    throw new UsageError(`the checkpoint of ${o.out} is damaged (its entities are not the ids')`);
  const cursors = { ...resumable.startCursors };
  refuseKeptPositions(o, saved ?? fresh(), first, cursors);
  return { resumable, next: saved ? [...saved] : fresh(), first, cursors };
}

/**
 * A cursor walk keeps a position for each entity part-way, and for no other: one part-way with
 * nowhere to go on from would start over and write its first pages twice (a checkpoint of a
 * version that kept no positions), one kept beside an entity at its first page would skip them
 * (a hand edit); a numbered-page walk keeps none. Each is one the cursor parameter takes.
 */
function refuseKeptPositions(
  o: EachOptions,
  next: number[],
  first: number,
  cursors: Record<number, string | number>,
): void {
  const damaged = (why: string) =>
    new UsageError(
      `the checkpoint of ${o.out} is damaged (${why}): delete it and its data to start over`,
    );
  const named = (i: number) => oneLine(o.ids[i]!.slice(0, 80));
  const kept = Object.keys(cursors).map(Number);
  if (operationOf(o.path, "get").pagination!.style !== "cursor") {
    if (kept.length) throw damaged("positions kept for a walk of numbered pages");
    return;
  }
  const lost = next.findIndex((n, i) => n > first && !(i in cursors));
  if (lost >= 0) throw damaged(`no position to go on from for ${named(lost)}`);
  const stray = kept.find((i) => !(next[i]! > first));
  if (stray !== undefined) throw damaged(`a position kept for ${named(stray)}, not part-way`);
  refuseBadPositions(o.out!, o.path, "get", Object.values(cursors));
}
