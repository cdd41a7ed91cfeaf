// The two halves of a pull's last line on stderr, shared by the pull of one entity and of many.

/** What a run's line counts. */
export interface Counted {
  records: number;
  /** Records the runs before this one left in the output (a `--resume`), 0 otherwise. */
  earlier: number;
  pages: number;
  charged: number;
  requests: number;
}

/**
 * `70 reviews`, or `70 reviews (120 with earlier runs)` when the pull was resumed: the pages and
 * credits after it are this run's, so its records are too, and the total says what the file holds.
 */
export const recordsSaid = (r: Counted, noun: string): string =>
  `${r.records} ${noun}${r.earlier ? ` (${r.earlier + r.records} with earlier runs)` : ""}`;

/** `7 pages, 7 credits spent (7 requests)`: this run's. */
export const spentSaid = (r: Counted): string =>
  `${r.pages} pages, ${r.charged} credits spent (${r.requests} requests)`;
