import { BENCH_KEY, dist, REVIEWS, type BenchOptions, type Row } from "./shared.js";
import { LIMIT, pagesNeeded, startLimitedServer } from "./limited-server.js";

/** The client options a bench run varies: the limit given, learned, or no limiter at all. */
export const LIMITERS = [
  ["limit given (requestsPerSecond 20)", { requestsPerSecond: LIMIT }, "≥ 0.9"],
  ["limit learned (default: adaptive)", undefined, "≥ 0.8"],
  ["baseline: rateLimit false (retries only)", false, undefined],
] as const;

/** Rows of one measured pull: share of the limit, requests past the end, 429s, exactness. */
export function pullRows(
  section: string,
  name: string,
  m: {
    seconds: number;
    useful: number;
    requests: number;
    pastEnd: number;
    throttled: number;
    exact: boolean;
  },
  target: string | undefined,
): Row[] {
  return [
    {
      section,
      name: `${name}: share of the limit`,
      value: Math.round((m.useful / m.seconds / LIMIT) * 100) / 100,
      unit: "× limit",
      target,
    },
    {
      section,
      name: `${name}: requests past a last page`,
      value: Math.round((m.pastEnd / Math.max(1, m.requests - m.throttled)) * 1000) / 10,
      unit: "% of sent",
    },
    { section, name: `${name}: 429s`, value: m.throttled, unit: "count" },
    { section, name: `${name}: items exact and in order`, value: m.exact ? 1 : 0, unit: "yes=1" },
  ];
}

/**
 * "Bulk pull at the key's limit": one `paginate` walk against the limited server at 250 ms and
 * at 1,500 ms (what KeyAPI calls are reported to take), as a share of what the key allows (useful
 * pages ÷ seconds ÷ 20), with the limit given, learned, and with limiting off as the baseline.
 * Ratios only: every figure is measured in this run.
 */
export async function bulkPull({ quick }: BenchOptions): Promise<Row[]> {
  const { createKeyApiClient } = await dist("client");
  const rows: Row[] = [];
  for (const latency of [250, 1500]) {
    // Long enough for the steady state to dominate the ramp: the window doubles once a round
    // trip (it asks ahead no more pages than it has seen), so reaching 31 in flight at 1.5 s
    // takes about 5 round trips (7.5 s). 2,400 items at 250 ms, 16,000 at 1.5 s.
    const pages = quick ? 6 : latency > 1000 ? 1600 : 240;
    const section = `7. bulk pull, one walk (${latency} ms, ${LIMIT}/s sliding, ${pages} pages)`;
    for (const [name, rateLimit, target] of LIMITERS) {
      // The baseline once, at 250 ms: at 1.5 s it would add minutes and show the same.
      if (rateLimit === false && (quick || latency > 1000)) continue;
      const { url, server, stats } = await startLimitedServer(latency, () => pages * 10);
      const client = createKeyApiClient({
        apiKey: BENCH_KEY,
        baseUrl: url,
        ...(rateLimit !== undefined ? { rateLimit } : {}),
        logLevel: "off",
      });
      const started = performance.now();
      const ids: string[] = [];
      let failed = false;
      try {
        for await (const item of client.paginate(REVIEWS, { query: { product_id: "1" } }))
          ids.push((item as { review_id: string }).review_id);
      } catch {
        failed = true;
      }
      const seconds = (performance.now() - started) / 1000;
      // Its keep-alive sockets (60 s) held the process for most of a minute after the run.
      server.close();
      server.closeAllConnections();
      const exact =
        !failed &&
        ids.length === pages * 10 &&
        ids.every((id, i) => id === String(7392963066264504106n + BigInt(i)));
      rows.push(
        ...pullRows(
          section,
          name,
          { seconds, useful: pagesNeeded(pages * 10), ...stats, exact },
          target,
        ),
      );
    }
  }
  return rows;
}
