import { constants } from "node:os";
import type { Writable } from "node:stream";
import { operationTable } from "@keyapi-tiktok/types";
import { itemColumns } from "../columns.js";
import { EXIT, OutputError, UsageError } from "../exit-codes.js";
import { openOutput, outputError } from "../output/target.js";
import { createWriter, FORMATS, type Format } from "../output/writers.js";
import { ReviewSummary } from "../output/summary.js";
import { createProgress } from "../progress.js";
import { openSession, type GlobalOptions, type Session } from "../setup.js";

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** A signal stopped the pull; the exit code is the shell's 128 + the signal's number. */
class Interrupted extends Error {
  readonly exitCode: number;
  constructor(signal: NodeJS.Signals) {
    super("interrupted");
    this.exitCode = 128 + constants.signals[signal];
  }
}

export const REVIEWS = "/v1/tiktok/product/reviews/analytics";

export interface ReviewsOptions {
  all?: boolean;
  pages?: number;
  pageSize?: number;
  format: string;
  out?: string;
  summary?: boolean;
  maxCredits?: number;
  rps?: number;
}

/**
 * `keyapi-tiktok reviews <product_id>`: pulls pages, streams each record to the output as it
 * arrives, and keeps the summary in constant memory. Ctrl-C, SIGTERM or SIGHUP ends the pull
 * between records.
 */
export async function reviews(
  productId: string,
  o: ReviewsOptions,
  g: GlobalOptions,
): Promise<number> {
  if (!FORMATS.includes(o.format as Format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (o.all && o.pages !== undefined)
    throw new UsageError("use either --all or --pages N, not both");
  const pagination = operationTable[REVIEWS].get.pagination;
  const maxPages = o.all ? undefined : (o.pages ?? 1);

  // The output is opened first: a bad --out costs no credit and starts no mock server.
  const target = o.out ? await openOutput(o.out) : undefined;
  const controller = new AbortController();
  // SIGTERM and SIGHUP (`timeout`, `docker stop`, a closed terminal) stop the pull like Ctrl-C:
  // the output is closed well-formed, the credits line printed, the cursor shown again.
  const onSignal = (signal: NodeJS.Signals) => controller.abort(new Interrupted(signal));
  for (const signal of SIGNALS) process.once(signal, onSignal);
  // A closed pipe (`| head`) ends the pull like Ctrl-C instead of crashing on EPIPE.
  const onStdoutError = (e: NodeJS.ErrnoException) =>
    controller.abort(e.code === "EPIPE" ? new Error("output closed") : outputError("stdout", e));
  process.stdout.on("error", onStdoutError);
  target?.stream.on("error", (e) => controller.abort(outputError(o.out!, e)));

  // With --summary and no --out the summary is the output; otherwise records go to --out or stdout.
  const toStdout = !o.out && !o.summary;
  const out: Writable | undefined = target?.stream ?? (toStdout ? process.stdout : undefined);
  const writer =
    out && createWriter(o.format as Format, out, itemColumns(REVIEWS, pagination.itemsPath));
  const summary = new ReviewSummary();
  const progress = createProgress(process.stderr, maxPages);
  let pages = 0;
  let failure: unknown;
  let session: Session | undefined;
  try {
    session = await openSession(g, { maxCredits: o.maxCredits, requestsPerSecond: o.rps });
    const query = {
      product_id: productId,
      ...(o.pageSize !== undefined ? { page_size: o.pageSize } : {}),
    };
    const walk = session.client.paginate(REVIEWS, {
      query,
      signal: controller.signal,
      ...(maxPages ? { maxPages } : {}),
    });
    for await (const page of walk.pages()) {
      for (const review of page.items) {
        writer?.write(review as Record<string, unknown>);
        summary.add(review);
      }
      pages++;
      progress.update({ pages, items: summary.count, credits: session.client.credits.charged });
    }
  } catch (error) {
    failure = error;
  } finally {
    progress.stop();
    for (const signal of SIGNALS) process.off(signal, onSignal);
    const reason: unknown = controller.signal.reason;
    if (reason instanceof OutputError) failure = reason;
    const keep = !failure || controller.signal.aborted;
    // An error before any record leaves stdout empty rather than holding a lone header or "[]".
    if (keep || summary.count > 0) writer?.end();
    // Success and interruption take the output's final name. A failed run never replaces an
    // existing --out, and the records it bought are kept (in --out if new, else <out>.partial).
    if (target) {
      if (failure instanceof OutputError) await target.discard();
      else if (keep) await target.commit().catch((e) => (failure = e));
      else if (summary.count > 0) {
        const kept = await target.keepPartial().catch((e) => ((failure = e), undefined));
        if (kept) process.stderr.write(`the ${summary.count} records received are in ${kept}\n`);
      } else await target.discard();
    }
    await session?.close();
    process.stdout.off("error", onStdoutError);
  }
  if (o.summary && (!failure || controller.signal.aborted)) process.stdout.write(summary.render());
  const { charged, requests } = session?.client.credits ?? { charged: 0, requests: 0 };
  process.stderr.write(
    `${summary.count} reviews, ${pages} pages, ${charged} credits spent (${requests} requests)\n`,
  );
  const reason: unknown = controller.signal.reason;
  if (reason instanceof OutputError) throw reason;
  if (controller.signal.aborted) {
    if ((reason as Error).message === "output closed") return EXIT.ok;
    process.stderr.write("interrupted: the output holds every whole record received\n");
    return reason instanceof Interrupted ? reason.exitCode : EXIT.interrupted;
  }
  if (failure) throw failure;
  return EXIT.ok;
}
