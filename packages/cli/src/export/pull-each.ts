import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import {
  BadRequestError,
  InvalidParamsError,
  InvalidResponseError,
  KeyApiError,
} from "@keyapi-tiktok/client";
import { EXIT, UsageError } from "../exit-codes.js";
import { openOutput } from "../output/target.js";
import { oneLine } from "../output/terminal-text.js";
import { createWriter, type Format } from "../output/writers.js";
import { createEachProgress } from "../progress.js";
import { checkGlobals, openSession, type GlobalOptions, type Session } from "../setup.js";
import { columnsOf, flatten, recordSchema } from "./columns.js";
import { operationOf } from "./operation.js";
import { finishTarget, readStop, stoppedExit, watchStops, withOutput } from "./stops.js";

/** Refuses what a pull of many entities does not do yet, before anything is read or sent. */
export function checkEachFlags(o: { resume?: boolean | undefined }): void {
  if (o.resume)
    throw new UsageError(
      "--resume takes one entity's pull; a pull of many entities (--ids-file, --each) is not resumable yet: rerun it",
    );
}

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

export interface EachResult {
  records: number;
  pages: number;
  entities: number;
  /** Entities whose pull failed on their own (a bad id): named in `<out>.failed` or on stderr. */
  failed: number;
  charged: number;
  requests: number;
  failure: unknown;
  stopped: unknown;
}

/**
 * An error that is one entity's own (a bad or unknown id, its data broken): recorded, and the
 * pull goes on. Anything else (the key, the budget, the network) would fail every entity.
 */
const entityOwn = (e: unknown) =>
  e instanceof BadRequestError ||
  e instanceof InvalidParamsError ||
  e instanceof InvalidResponseError ||
  (e instanceof KeyApiError && (e.status === 404 || e.status === 422));

/**
 * Pulls every page of every entity (`--ids-file`, `--each`) under one window of requests, into
 * one output: each record carries its entity (the parameter's field is added where the items
 * lack it). An entity that fails on its own is named (in `<out>.failed`, else on stderr) and the
 * pull goes on.
 */
export async function pullEach(given: EachOptions, g: GlobalOptions): Promise<EachResult> {
  checkGlobals(g);
  return withOutput(given, (o) => pullEachLocked(o, g));
}

async function pullEachLocked(o: EachOptions, g: GlobalOptions): Promise<EachResult> {
  const { pagination } = operationOf(o.path, "get");
  if (!pagination)
    throw new UsageError(`GET ${o.path} is not paged: --each needs a paged operation`);
  const result: EachResult = {
    records: 0,
    pages: 0,
    entities: o.ids.length,
    failed: 0,
    charged: 0,
    requests: 0,
    failure: undefined,
    stopped: undefined,
  };
  // A file that was there before is replaced only by a complete pull.
  const outExisted = !!o.out && existsSync(o.out);
  const target = o.out ? await openOutput(o.out) : undefined;
  const { controller, release } = watchStops(target, o.out);

  const schema = columnsOf(recordSchema(o.path, "get", pagination.itemsPath));
  // The entity's own column first, where the items do not carry it.
  const columns = schema.includes(o.param.name) ? schema : [o.param.name, ...schema];
  const flat = o.format === "csv" || o.format === "table";
  const writer = createWriter(o.format, target?.stream ?? process.stdout, columns);
  let failedLog: WriteStream | undefined;
  const recordFailure = (id: string, error: unknown) => {
    result.failed++;
    const line = `${oneLine(id)}\t${oneLine((error as Error).message ?? String(error))}\n`;
    if (!o.out) return void process.stderr.write(`failed: ${line}`);
    failedLog ??= createWriteStream(`${o.out}.failed`);
    failedLog.write(line);
  };
  const progress = createEachProgress(process.stderr, o.ids.length);
  let done = 0;
  let session: Session | undefined;
  try {
    session = await openSession(g, { maxCredits: o.maxCredits, requestsPerSecond: o.rps });
    const { client } = session;
    const each = o.ids.map((id) =>
      o.param.in === "path"
        ? { query: o.query, path: { ...o.pathParams, [o.param.name]: id } }
        : {
            query: { ...o.query, [o.param.name]: o.coerce(id) },
            ...(Object.keys(o.pathParams).length ? { path: o.pathParams } : {}),
          },
    );
    const pages = client
      .paginateEach(
        o.path as never,
        {
          each,
          signal: controller.signal,
          ...(o.maxPages !== undefined ? { maxPages: o.maxPages } : {}),
          ...(o.concurrency ? { concurrency: o.concurrency } : {}),
        } as never,
      )
      .pages();
    for await (const page of pages as AsyncIterable<
      { entity: number; items: unknown[]; last: boolean } | { entity: number; error: unknown }
    >) {
      const id = o.ids[page.entity]!;
      if ("error" in page) {
        if (!entityOwn(page.error)) throw page.error;
        recordFailure(id, page.error);
        done++;
      } else {
        for (const item of page.items) {
          const record = item as Record<string, unknown>;
          const tagged = o.param.name in record ? record : { [o.param.name]: id, ...record };
          writer.write(flat ? flatten(tagged, columns) : tagged);
          result.records++;
        }
        result.pages++;
        if (page.last) done++;
      }
      progress.update({
        done,
        pages: result.pages,
        items: result.records,
        credits: client.credits.charged,
      });
    }
  } catch (error) {
    result.failure = error;
  } finally {
    progress.stop();
    if (readStop(result, controller.signal) || result.records > 0) writer.end();
    await new Promise<void>((resolve) => (failedLog ? failedLog.end(resolve) : resolve()));
    if (target) await finishTarget(target, result, controller.signal, outExisted);
    Object.assign(result, session?.client.credits ?? {});
    await session?.close();
    release();
  }
  return result;
}

/** The credits line and the exit code: 0, `partial` (some entities failed), or the failure's. */
export function concludeEach(
  r: EachResult,
  noun: string,
  entities: string,
  failedAt: string,
): number {
  const failed = r.failed ? `, ${r.failed} failed (${failedAt})` : "";
  process.stderr.write(
    `${r.records} ${noun} from ${r.entities - r.failed} of ${r.entities} ${entities}${failed}, ${r.pages} pages, ${r.charged} credits spent (${r.requests} requests)\n`,
  );
  const stopped = stoppedExit(r.stopped);
  if (stopped !== undefined) return stopped;
  if (r.failure) throw r.failure;
  return r.failed ? EXIT.partial : EXIT.ok;
}
