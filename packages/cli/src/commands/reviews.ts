import { exportOptions, type ExportFlags } from "../export/flags.js";
import { UsageError } from "../exit-codes.js";
import { inFlagWords } from "../export/flag-words.js";
import { operationOf } from "../export/operation.js";
import { idsOf, unprintable } from "../export/ids-file.js";
import { refuseKeyAs, refuseOverwrite, sameFile } from "../input/kept-apart.js";
import { conclude, pull } from "../export/pull.js";
import { concludeEach, pullEach } from "../export/pull-each.js";
import { ReviewSummary } from "../output/summary.js";
import type { GlobalOptions } from "../setup.js";

export const REVIEWS = "/v1/tiktok/product/reviews/analytics";

/** The reviews operation's page-size parameter and its bounds, as the vendored spec states them. */
function pageSizeOf() {
  const op = operationOf(REVIEWS, "get");
  const name = op.pagination?.sizeParam ?? "page_size";
  const schema = op.params.find((p) => p.name === name)?.schema;
  const max = op.pagination?.maxPageSize;
  return { name, help: `items per page, ${schema?.minimum ?? 1}..${max} (default ${max})` };
}

const PAGE_SIZE = pageSizeOf();

/** `--page-size`'s help line, its bounds the spec's (a spec update moves them). */
export const PAGE_SIZE_HELP = PAGE_SIZE.help;

/** The client names the API's parameter; the user of `reviews` typed the flag. */
const concluded = async <T>(run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    throw inFlagWords(error, { [PAGE_SIZE.name]: "--page-size", product_id: "product_id" });
  }
};

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
  const flags = exportOptions(o, "table");
  const ids = { file: o.idsFile!, flag: "--ids-file", what: "the ids" };
  refuseOverwrite(ids, o.out);
  refuseKeyAs(g.apiKeyFile, ids);
  return concluded(async () => {
    const result = await pullEach(
      {
        path: REVIEWS,
        query: o.pageSize !== undefined ? { [PAGE_SIZE.name]: o.pageSize } : {},
        pathParams: {},
        param: { name: "product_id", in: "query" },
        ids: await idsOf(o.idsFile!, "--ids-file", o.shard),
        coerce: (id) => id,
        ...flags,
      },
      g,
    );
    return concludeEach(result, "reviews", "products");
  });
}

/**
 * `keyapi-tiktok reviews <product_id>`: the friendly shortcut for the reviews operation, with a
 * rating summary kept in constant memory. The pull itself is the generic export's.
 */
export async function reviews(given: string, o: ReviewsOptions, g: GlobalOptions): Promise<number> {
  // Held to what an ids file's line is held to: trimmed (pasted from a spreadsheet's cell), and
  // a tab or a zero-width space inside is no product.
  const productId = given.trim();
  const hidden = unprintable(productId);
  if (hidden) throw new UsageError(`product_id holds ${hidden}`);
  const flags = exportOptions(o, "table");
  // The records and the summary on one stream would be neither (`--out -` is refused as such).
  // `/dev/stdout`, `/proc/self/fd/1`, the file stdout is redirected to: one file, any kind.
  if (o.summary && o.out !== undefined && sameFile(o.out, "/dev/stdout", false))
    throw new UsageError(
      `--summary prints the summary on standard output, which --out ${o.out} is too: give --out a file for the records, or drop --summary`,
    );
  const summary = new ReviewSummary();
  return concluded(async () => {
    const result = await pull(
      {
        path: REVIEWS,
        method: "get",
        query: {
          product_id: productId,
          ...(o.pageSize !== undefined ? { [PAGE_SIZE.name]: o.pageSize } : {}),
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
    return conclude(result, "reviews");
  });
}
