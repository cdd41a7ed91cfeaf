import { LIMIT, startLimitedServer } from "./limited-server.js";
import { BENCH_KEY, dist, REVIEWS, type BenchOptions, type Row } from "./shared.js";

/**
 * "What a Ctrl-C costs": one walk at the key's limit, ended part-way by `signal` (at once, the
 * pages in flight dropped: every first Ctrl-C before `stop`) and by `stop` (the pages in flight
 * awaited), at 250 ms and 1,500 ms. Pages the server served (and charged) that the walk never
 * yielded are credits a `--resume` buys again; the time from the stop to the walk's end is
 * what waiting for them takes.
 */
export async function stoppedPull({ quick }: BenchOptions): Promise<Row[]> {
  const { createKeyApiClient } = await dist("client");
  const rows: Row[] = [];
  for (const latency of [250, 1500]) {
    // Past the window's ramp (about 5 round trips) before the stop, so it meets a full window.
    const stopAfterMs = quick ? 300 : latency * 6;
    const section = `10. stopped pull (${latency} ms, ${LIMIT}/s sliding, stopped after ${stopAfterMs} ms)`;
    for (const how of ["signal", "stop"] as const) {
      const { url, server, stats } = await startLimitedServer(latency, () => 1_000_000);
      const client = createKeyApiClient({ apiKey: BENCH_KEY, baseUrl: url, logLevel: "off" });
      const ender = new AbortController();
      let pages = 0;
      let stoppedAt = 0;
      const timer = setTimeout(() => {
        stoppedAt = performance.now();
        ender.abort(new Error("stopped"));
      }, stopAfterMs);
      try {
        const walk = client.paginate(REVIEWS, { query: { product_id: "1" }, [how]: ender.signal });
        for await (const _page of walk.pages()) pages++;
      } catch (error) {
        if (error !== ender.signal.reason) throw error;
      } finally {
        clearTimeout(timer);
      }
      const drainMs = performance.now() - stoppedAt;
      // Wait for answers still on their way, so every request that reached the server counts.
      await new Promise((r) => setTimeout(r, latency + 100));
      server.close();
      server.closeAllConnections();
      const served = stats.requests - stats.throttled;
      const name = how === "signal" ? "signal (at once)" : "stop (pages in flight kept)";
      rows.push(
        {
          section,
          name: `${name}: pages served, not yielded`,
          value: served - pages,
          unit: "credits",
        },
        { section, name: `${name}: pages yielded`, value: pages, unit: "pages" },
        {
          section,
          name: `${name}: stop to the walk's end`,
          value: Math.round(drainMs),
          unit: "ms",
        },
      );
    }
  }
  return rows;
}
