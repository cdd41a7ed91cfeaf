import { exportOptions, type ExportFlags } from "../export/flags.js";
import { UsageError } from "../exit-codes.js";
import { idsOf } from "../export/ids-file.js";
import { refuseSameFile } from "../output/out-path.js";
import { conclude, pull } from "../export/pull.js";
import { concludeEach, pullEach } from "../export/pull-each.js";
import { ReviewSummary } from "../output/summary.js";
import type { GlobalOptions } from "../setup.js";

export const REVIEWS = "/v1/tiktok/product/reviews/analytics";

export interface ReviewsOptions extends ExportFlags {
  pageSize?: number;
  summary?: boolean;
  idsFile?: string;
  /** `k/N`: this run's share of the ids, for N runs sharing the key through Redis. */
  shard?: string;
}

/**
 * `keyapi-tiktok reviews --ids-file FILE`: every review of every product in FILE, in one pull
 * under one window; each record carries its `product_id`.
 */
export async function reviewsOfMany(o: ReviewsOptions, g: GlobalOptions): Promise<number> {
  if (o.summary) throw new UsageError("--summary takes one product; drop it with --ids-file");
  const flags = exportOptions(o);
  refuseSameFile(o.idsFile!, o.out, "--ids-file", "the ids");
  const result = await pullEach(
    {
      path: REVIEWS,
      query: o.pageSize !== undefined ? { page_size: o.pageSize } : {},
      pathParams: {},
      param: { name: "product_id", in: "query" },
      ids: await idsOf(o.idsFile!, "--ids-file", o.shard),
      coerce: (id) => id,
      ...flags,
    },
    g,
  );
  return concludeEach(result, "reviews", "products", o.out ? `${o.out}.failed` : "named above");
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
  const flags = exportOptions(o);
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
      ...flags,
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
