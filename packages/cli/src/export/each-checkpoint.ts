import { createHash } from "node:crypto";
import { UsageError } from "../exit-codes.js";
import { writesDirectly } from "../output/out-path.js";
import { openResumable, type ResumableOutput } from "../output/resumable.js";
import type { EachOptions } from "./pull-each.js";
import { operationOf } from "./operation.js";

/** Where a pull of many entities stands: its checkpointed output, and each entity's next page. */
export interface EachProgressState {
  resumable: ResumableOutput | undefined;
  /** Each entity's next page, in the ids' order; 0 when it is done. */
  next: number[];
  /** The page each entity's walk began at: what `--pages N` counts from. */
  first: number;
}

/**
 * The checkpointed output of a pull of many entities to `--out FILE`: the same file steps as a
 * single pull (`FILE.partial`, `FILE.checkpoint` after every page), with each entity's next page
 * in the checkpoint. The ids list is part of what the pull is (by its sha256): `--resume` with
 * another list, shard, query or format is refused. Numbered pages only: a cursor position per
 * entity is not kept. Under `--pages N` (part of what the pull is: resumed with the same N) each
 * entity's budget is N less the pages it has (its next page less its first), so a resumed run
 * buys no page past it.
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
    return { resumable: undefined, next: fresh(), first };
  }
  if (o.resume && pagination.style !== "page")
    throw new UsageError(
      "--resume of a pull of many entities takes an operation with numbered pages: rerun it",
    );
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
  return { resumable, next: saved ? [...saved] : fresh(), first };
}
