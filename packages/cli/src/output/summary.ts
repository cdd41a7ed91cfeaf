import { oneLine } from "./terminal-text.js";
import { isoDay } from "./writers.js";

type Review = { rating?: unknown; sku_specification?: unknown; review_timestamp?: unknown };

/** Why a record cannot count in the summary (the API's data is untrusted), or undefined. */
export function malformed(r: Review): string | undefined {
  if (typeof r !== "object" || r === null) return "not an object";
  if (!(Number.isInteger(r.rating) && (r.rating as number) >= 1 && (r.rating as number) <= 5))
    return "rating outside 1..5";
  const t = r.review_timestamp;
  if (t !== undefined && !(typeof t === "number" && Number.isFinite(new Date(t).getTime())))
    return "timestamp is no date";
  if (r.sku_specification !== undefined && typeof r.sku_specification !== "string")
    return "sku_specification is not text";
  return undefined;
}

/** What `--summary` reports, accumulated record by record (constant memory). */
export class ReviewSummary {
  count = 0;
  /** Records left out of the statistics, by reason. */
  readonly malformed = new Map<string, number>();
  private ratings = [0, 0, 0, 0, 0];
  private ratingSum = 0;
  private rated = 0;
  private bySku = new Map<string, number>();
  private first = Infinity;
  private last = -Infinity;

  /** Counts one record; a malformed one is counted apart and the walk goes on. */
  add(record: unknown): void {
    this.count++;
    const why = malformed(record as Review);
    if (why) {
      this.malformed.set(why, (this.malformed.get(why) ?? 0) + 1);
      return;
    }
    const r = record as { rating: number; sku_specification?: string; review_timestamp?: number };
    this.ratings[r.rating - 1]!++;
    this.ratingSum += r.rating;
    this.rated++;
    const sku = r.sku_specification ?? "(none)";
    this.bySku.set(sku, (this.bySku.get(sku) ?? 0) + 1);
    if (r.review_timestamp !== undefined) {
      this.first = Math.min(this.first, r.review_timestamp);
      this.last = Math.max(this.last, r.review_timestamp);
    }
  }

  /** Counts and shares per star, as a bar chart; average; reviews per SKU; date range. */
  render(barWidth = 30): string {
    const lines = [`${this.count} reviews`];
    for (const [why, n] of this.malformed)
      lines.push(`${n} malformed (${why}): left out of the figures below`);
    if (this.rated === 0) return lines.join("\n") + "\n";
    const max = Math.max(...this.ratings);
    for (let star = 5; star >= 1; star--) {
      const n = this.ratings[star - 1]!;
      const share = this.rated ? n / this.rated : 0;
      const bar = "█".repeat(max ? Math.round((n / max) * barWidth) : 0);
      lines.push(
        `${star}★ ${bar.padEnd(barWidth)} ${String(n).padStart(6)}  ${(share * 100).toFixed(1).padStart(5)}%`,
      );
    }
    if (this.rated) lines.push(`average rating: ${(this.ratingSum / this.rated).toFixed(2)}`);
    lines.push("reviews per SKU:");
    for (const [sku, n] of [...this.bySku].sort((a, b) => b[1] - a[1]))
      lines.push(`  ${String(n).padStart(6)}  ${oneLine(sku)}`);
    if (Number.isFinite(this.first)) {
      lines.push(`first review: ${isoDay(this.first)}`, `last review:  ${isoDay(this.last)}`);
    }
    return lines.join("\n") + "\n";
  }
}
