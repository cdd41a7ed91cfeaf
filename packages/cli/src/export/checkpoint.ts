import path from "node:path";
import { OutputError, UsageError } from "../exit-codes.js";
import { nestedDeeperThan } from "./nesting.js";
import { coded } from "../output/read-regular.js";
import { nodeFs, syncPath, type SyncFs } from "../output/sync-fs.js";

/** What makes two runs the same pull: a resumed run must match every field. */
export interface PullIdentity {
  /** `GET /v1/tiktok/product/reviews/analytics` */
  operation: string;
  /** Query (without the page number), path parameters and body, as given. */
  params: Record<string, unknown>;
  format: string;
  pageSize: number;
  /** Where the records come from: `mock`, or the API's base URL. One file, one source. */
  source: string;
  /**
   * Pulls of many entities under `--pages N`: N, the pages each entity may take in all (absent
   * with `--all`). Each entity's progress counts against it, and one that reached it is done:
   * another N on resume would leave some entities at the old limit and some at the new.
   */
  eachPages?: number;
  /**
   * A page walk started at another page than the operation's first (`-q page_num=5`): that
   * page. Where the walk stands is kept apart (`nextPage`); where it began is what it pulls,
   * and `--pages N` counts from it.
   */
  firstPage?: number;
}

/** Where an unfinished pull stands; written after each page is on disk. */
export interface Checkpoint extends PullIdentity {
  version: 2;
  /** The page the pull continues at (in a cursor walk: pages done + 1). */
  nextPage: number;
  /**
   * Cursor walks only: the position the pull continues at, as the last page handed it back;
   * null when that page was the last.
   */
  cursor?: string | number | null;
  /**
   * Pulls of many entities (`--ids-file`, `--each`): each entity's next page, in the ids' order;
   * 0 when it was pulled whole, -1 when it failed (and is named in the list beside the data).
   */
  entities?: number[];
  /**
   * Cursor pulls of many entities: where each entity part-way through its pages continues, as
   * its last page handed it back, by its index in the ids (entities not begun, done or failed
   * have none: the few in the window, not one per id).
   */
  cursors?: Record<number, string | number>;
  /**
   * Pulls of many entities: the base name of this pull's list of failed entities (`r.json.failed`
   * or `r.json.partial.failed`), named before any failure is listed: a resumed run adds to it,
   * whatever became of the output since.
   */
  failed?: string;
  /** The records written so far (all runs). */
  records: number;
  /** The data's length in bytes up to the last whole page (without a closing `]`). */
  bytes: number;
  /**
   * Where the data is, or is about to be: the output's own side file (`r.json.partial`) or the
   * output itself (`r.json`, after Ctrl-C). Only a base name, and only one of those two.
   */
  file: string;
  /**
   * Every record is written and `bytes` is the data's whole length: the data is moving to its
   * final name, or is there and this is the receipt a run given `--resume` keeps.
   */
  finished?: true;
  /**
   * Receipts only: the page limit the finished pull had (`--pages N`), null for `--all`. A
   * receipt for 2 pages does not say that the whole of `--all` is there.
   */
  pages?: number | null;
  /**
   * The walk stopped itself: its pages repeated the page before them (`repeated-pages`). A
   * resume would buy the same pages again, one run after another: it is refused.
   */
  repeatedPages?: true;
}

/** The checkpoint of `--out <file>`. */
export const checkpointPath = (out: string): string => `${out}.checkpoint`;

/** The checkpoint's temp file (written, fsynced, renamed over the checkpoint). */
export const checkpointTempPath = (out: string): string => `${checkpointPath(out)}.tmp`;

/** The data file of a pull to `out` while it runs. */
export const partialPath = (out: string): string => `${out}.partial`;

/** The list of failed entities of a pull of many, beside the data it goes with. */
export const failedPath = (data: string): string => `${data}.failed`;

/** A stable text for a value: object keys sorted, so `a=1 b=2` and `b=2 a=1` are one query. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

const withoutIds = (params: unknown): unknown => {
  const { ids: _ids, ...rest } = (params ?? {}) as Record<string, unknown>;
  return rest;
};

/**
 * Why a checkpoint cannot be resumed by this command, naming all that differs; undefined when it
 * can. Resuming with another query, format, page size or source would splice two different
 * pulls into one file (mock rows among real ones).
 */
export function mismatch(saved: PullIdentity, wanted: PullIdentity): string | undefined {
  const fields: [keyof PullIdentity, string][] = [
    ["operation", "operation"],
    ["params", "query"],
    ["format", "format (--format, or --out's extension)"],
    ["pageSize", "page size"],
    ["source", "source (--mock or --base-url)"],
  ];
  const many = (id: PullIdentity) => ("each" in id.params ? "many (--ids-file, --each)" : "one");
  // Every difference, so that one refusal says all the command must change.
  const said: string[] = [];
  for (const [field, name] of fields) {
    const [was, is] = [canonical(saved[field]), canonical(wanted[field])];
    if (was === is) continue;
    if (field === "params" && many(saved) !== many(wanted))
      said.push(`it is a pull of ${many(saved)}, this command's is a pull of ${many(wanted)}`);
    // A pull of many keeps its ids as a hash: two hashes say nothing to a person.
    else if (
      field === "params" &&
      canonical(withoutIds(saved.params)) === canonical(withoutIds(wanted.params))
    )
      said.push("its list of ids was another (the ids file's lines, or --shard, differ)");
    else said.push(`its ${name} was ${was}, this command's is ${is}`);
  }
  if (saved.firstPage !== wanted.firstPage) {
    const start = (n: number | undefined) => (n === undefined ? "the first page" : `page ${n}`);
    said.push(
      `it starts at ${start(saved.firstPage)}, this command's at ${start(wanted.firstPage)}`,
    );
  }
  if (saved.eachPages !== wanted.eachPages) {
    const limit = (n: number | undefined) => (n === undefined ? "--all" : `--pages ${n}`);
    said.push(
      `it is a pull of ${limit(saved.eachPages)} for each entity, this command's is of ${limit(wanted.eachPages)}`,
    );
  }
  return said.length ? said.join("; ") : undefined;
}

/** A position a cursor walk can be continued at: what the client takes back (`readCursorPage`). */
const isPosition = (c: unknown): c is string | number =>
  (typeof c === "number" && Number.isFinite(c)) || (typeof c === "string" && c.length <= 16_384);

/** A checkpoint of a million entities' pages is under 10 MB. */
const MAX_CHECKPOINT_BYTES = 64 * 2 ** 20;
const CHECKPOINT_ERRORS: Record<string, string> = {
  ENOTREG: "it is not a regular file",
  EISDIR: "it is a folder",
  EFBIG: `it is over ${MAX_CHECKPOINT_BYTES / 2 ** 20} MB, larger than any checkpoint`,
  EACCES: "no permission to read it",
  EPERM: "no permission to read it",
  ELOOP: "it is a link that loops",
};

/**
 * The checkpoint of `out`, undefined when there is none; a damaged one is a usage error. Its
 * `file` is trusted only when it names one of `out`'s own two data files: a checkpoint is
 * plain text beside the output, and a `"../notes.txt"` in it must not move, truncate and
 * overwrite another file.
 */
export function readCheckpoint(out: string, io: SyncFs = nodeFs): Checkpoint | undefined {
  const file = checkpointPath(out);
  let text: string;
  try {
    // Looked at before it is read: a FIFO would block the read for good, `/dev/zero` never end.
    const stats = io.statSync(file);
    if (!stats.isFile()) throw coded(stats.isDirectory() ? "EISDIR" : "ENOTREG");
    if (stats.size > MAX_CHECKPOINT_BYTES) throw coded("EFBIG");
    text = io.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT") return undefined;
    // Named as the checkpoint's problem, not the data's: the user mends the right file. Any
    // other error (a path under a file) is the output's: the caller says so.
    const why = CHECKPOINT_ERRORS[code];
    if (why) throw new OutputError(`cannot read the checkpoint ${file}: ${why}`, { cause: e });
    throw e;
  }
  const cp = (() => {
    try {
      return JSON.parse(text) as Checkpoint;
    } catch {
      return undefined;
    }
  })();
  if ((cp?.version as number) === 1)
    throw new UsageError(
      `the checkpoint ${file} was written by an older keyapi-tiktok that did not record the source: delete it and its data to start over`,
    );
  const damaged = (why: string) =>
    new UsageError(
      `the checkpoint ${file} is damaged (${why}): delete it and its data to start over`,
    );
  if (cp?.version !== 2) throw damaged("not a checkpoint of this version");
  const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (![cp.nextPage, cp.records, cp.bytes].every(whole) || cp.nextPage < 1)
    throw damaged("bad counts");
  // Records and bytes come together: the first record writes a header or `[` with it.
  if ((cp.records === 0) !== (cp.bytes === 0)) throw damaged("records and bytes disagree");
  if (cp.finished !== undefined && cp.finished !== true) throw damaged("bad `finished`");
  if (cp.repeatedPages !== undefined && cp.repeatedPages !== true)
    throw damaged("bad `repeatedPages`");
  const c = cp.cursor;
  if (!(c === undefined || c === null || isPosition(c))) throw damaged("bad `cursor`");
  const e = cp.entities;
  if (
    e !== undefined &&
    !(Array.isArray(e) && e.length <= 1_000_000 && e.every((n) => n === -1 || whole(n)))
  )
    throw damaged("bad `entities`");
  const cs: unknown = cp.cursors;
  // Each keyed by an entity that is there: a key past the ids would start no walk, and one that
  // is not an index (`__proto__`) would be read as something else.
  const entityAt = (k: string) => /^(0|[1-9]\d*)$/.test(k) && Number(k) < (e?.length ?? 0);
  if (
    cs !== undefined &&
    !(
      cs !== null &&
      typeof cs === "object" &&
      !Array.isArray(cs) &&
      Object.entries(cs).every(([k, v]) => entityAt(k) && isPosition(v))
    )
  )
    throw damaged("bad `cursors`");
  // Written by us, a record of strings a level or two deep: 200,000 levels of it (1.2 MB) ran the
  // comparison out of stack, said as the output's error.
  if (nestedDeeperThan(cp.params, 4)) throw damaged("bad `params`");
  if (cp.eachPages !== undefined && !(whole(cp.eachPages) && cp.eachPages >= 1))
    throw damaged("bad `eachPages`");
  if (cp.firstPage !== undefined && !whole(cp.firstPage)) throw damaged("bad `firstPage`");
  const p = cp.pages;
  if (p !== undefined && p !== null && !(whole(p) && p >= 1)) throw damaged("bad `pages`");
  const own = [path.basename(out), path.basename(partialPath(out))];
  if (!own.includes(cp.file)) throw damaged(`its data file must be ${own.join(" or ")}`);
  const lists = own.map(failedPath);
  if (cp.failed !== undefined && !lists.includes(cp.failed))
    throw damaged(`its list of failures must be ${lists.join(" or ")}`);
  return cp;
}

/**
 * Writes the checkpoint atomically: a temp file beside it, fsynced, renamed over it, and the
 * folder fsynced so the rename itself survives a power cut. A crash or a full disk at any point
 * leaves the old checkpoint or the new one, never a torn one.
 */
export function saveCheckpoint(out: string, cp: Checkpoint, io: SyncFs = nodeFs): void {
  const file = checkpointPath(out);
  // One fixed temp name: a run killed between write and rename leaves it for the next to reuse.
  // Removed and created anew (O_EXCL), never opened as found: a symlink planted under that name
  // would have the checkpoint written into whatever file it points at.
  const temp = checkpointTempPath(out);
  io.rmSync(temp, { force: true });
  try {
    io.writeFileSync(temp, JSON.stringify(cp, null, 2) + "\n", { flag: "wx" });
    syncPath(temp, io);
  } catch (error) {
    // A full disk leaves a torn temp file: it goes (if it can), the old checkpoint stands, and
    // the error is the write's.
    try {
      io.rmSync(temp, { force: true });
    } catch {}
    throw error;
  }
  io.renameSync(temp, file);
  syncPath(path.dirname(path.resolve(file)), io);
}
