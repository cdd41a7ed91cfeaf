/** What `--summary` reports, accumulated record by record (constant memory). */
export class ReviewSummary {
  count = 0;
  private ratings = [0, 0, 0, 0, 0];
  private ratingSum = 0;
  private rated = 0;
  private bySku = new Map<string, number>();
  private first = Infinity;
  private last = -Infinity;

  add(r: { rating?: number; sku_specification?: string; review_timestamp?: number }): void {
    this.count++;
    if (typeof r.rating === "number" && r.rating >= 1 && r.rating <= 5) {
      this.ratings[r.rating - 1]!++;
      this.ratingSum += r.rating;
      this.rated++;
    }
    const sku = r.sku_specification ?? "(none)";
    this.bySku.set(sku, (this.bySku.get(sku) ?? 0) + 1);
    if (typeof r.review_timestamp === "number") {
      this.first = Math.min(this.first, r.review_timestamp);
      this.last = Math.max(this.last, r.review_timestamp);
    }
  }

  /** Counts and shares per star, as a bar chart; average; reviews per SKU; date range. */
  render(barWidth = 30): string {
    const lines = [`${this.count} reviews`];
    if (this.count === 0) return lines[0]! + "\n";
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
      lines.push(`  ${String(n).padStart(6)}  ${sku}`);
    if (Number.isFinite(this.first)) {
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      lines.push(`first review: ${day(this.first)}`, `last review:  ${day(this.last)}`);
    }
    return lines.join("\n") + "\n";
  }
}
