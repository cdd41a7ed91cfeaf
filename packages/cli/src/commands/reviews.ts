import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { operationTable } from "@keyapi-tiktok/types";
import { itemColumns } from "../columns.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { createWriter, FORMATS, type Format } from "../output/writers.js";
import { ReviewSummary } from "../output/summary.js";
import { createProgress } from "../progress.js";
import { openSession, type GlobalOptions } from "../setup.js";

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
 * arrives, and keeps the summary in constant memory. Ctrl-C ends the pull between records.
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

  const session = await openSession(g, { maxCredits: o.maxCredits, requestsPerSecond: o.rps });
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  // A closed pipe (`| head`) ends the pull like Ctrl-C instead of crashing on EPIPE.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") controller.abort(new Error("output closed"));
  });

  // With --summary and no --out the summary is the output; otherwise records go to --out or stdout.
  const toStdout = !o.out && !o.summary;
  const out: Writable | undefined = o.out
    ? createWriteStream(o.out)
    : toStdout
      ? process.stdout
      : undefined;
  const writer =
    out && createWriter(o.format as Format, out, itemColumns(REVIEWS, pagination.itemsPath));
  const summary = new ReviewSummary();
  const progress = createProgress(process.stderr, maxPages);
  let pages = 0;
  let failure: unknown;
  try {
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
    process.off("SIGINT", onSigint);
    // An error before any record leaves stdout empty rather than holding a lone header or "[]".
    if (!failure || summary.count > 0 || controller.signal.aborted) writer?.end();
    if (out && out !== process.stdout) {
      out.end();
      await once(out, "finish");
    }
    await session.close();
  }
  if (o.summary && (!failure || controller.signal.aborted)) process.stdout.write(summary.render());
  const { charged, requests } = session.client.credits;
  process.stderr.write(
    `${summary.count} reviews, ${pages} pages, ${charged} credits spent (${requests} requests)\n`,
  );
  if (controller.signal.aborted) {
    if ((controller.signal.reason as Error).message === "output closed") return EXIT.ok;
    process.stderr.write("interrupted: the output holds every whole record received\n");
    return EXIT.interrupted;
  }
  if (failure) throw failure;
  return EXIT.ok;
}
