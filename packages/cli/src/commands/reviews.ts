import { UsageError } from "../exit-codes.js";
import { conclude, pull } from "../export/pull.js";
import { FORMATS, type Format } from "../output/writers.js";
import { ReviewSummary } from "../output/summary.js";
import type { GlobalOptions } from "../setup.js";

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
  concurrency?: number;
}

/**
 * `keyapi-tiktok reviews <product_id>`: the friendly shortcut for the reviews operation, with a
 * rating summary kept in constant memory. The pull itself is the generic export's.
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
  const summary = new ReviewSummary();
  const result = await pull(
    {
      path: REVIEWS,
      method: "get",
      query: {
        product_id: productId,
        ...(o.pageSize !== undefined ? { page_size: o.pageSize } : {}),
      },
      pathParams: {},
      format: o.format as Format,
      out: o.out,
      maxPages: o.all ? undefined : (o.pages ?? 1),
      maxCredits: o.maxCredits,
      rps: o.rps,
      concurrency: o.concurrency,
      onRecord: (r) => summary.add(r),
      // With --summary and no --out the summary is the output.
      writeStdout: !o.out && !o.summary,
    },
    g,
  );
  if (o.summary && (!result.failure || result.stopped)) process.stdout.write(summary.render());
  const code = conclude(result, "reviews");
  return code;
}
