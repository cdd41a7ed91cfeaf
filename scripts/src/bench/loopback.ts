import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import createClient from "openapi-fetch";
import { repoRoot } from "../repo.js";
import {
  BENCH_KEY,
  bareHeaders,
  dist,
  median,
  pageBody,
  QUERY,
  REVIEWS,
  startServer,
  type BenchOptions,
  type Row,
} from "./shared.js";

const execFileAsync = promisify(execFile);

/** `n` calls, `concurrency` at a time; the time they took, in ms. */
export async function pool(
  n: number,
  concurrency: number,
  call: () => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await call();
    }),
  );
  return performance.now() - started;
}

const BARE = "bare openapi-fetch";
const OURS = "our client (client.get)";

/** Each variant's time (ms) for `n` requests, one entry per round. */
export type RoundTimes = Record<string, number[]>;

/**
 * Rounds of `n` requests at concurrency 32 per variant against a minimal node:http server on
 * 127.0.0.1, in this process. Rounds interleave the variants, their order rotating: with a fixed
 * order, drift on the machine and the garbage one variant leaves for the next moved the ratio by
 * ±0.05 a run.
 */
export async function loopbackRounds(n: number, rounds: number): Promise<RoundTimes> {
  const body = pageBody(10);
  const { url, server } = await startServer(() => body);
  const { createKeyApiClient } = await dist("client");
  const bare = createClient<any>({ baseUrl: url, headers: bareHeaders });
  const headerless = createClient<any>({ baseUrl: url });
  const ours = createKeyApiClient({ apiKey: BENCH_KEY, baseUrl: url });
  const variants: [string, () => Promise<unknown>][] = [
    [
      "plain fetch + JSON parse",
      async () => (await fetch(`${url}${REVIEWS}?product_id=1&page_num=1&page_size=10`)).json(),
    ],
    [BARE, () => bare.GET(REVIEWS, { params: { query: QUERY } })],
    // The baseline as it was until 2026-12-01: it sent no Authorization header, which the server
    // then did not parse. Kept in view, so that the ratio's move from that change shows.
    [
      "bare openapi-fetch without the key's header",
      () => headerless.GET(REVIEWS, { params: { query: QUERY } }),
    ],
    // What a per-request timeout costs openapi-fetch itself: a signal on its Request (which
    // fetch's own second Request then follows). Our client has one per attempt.
    [
      "bare openapi-fetch + a timeout signal",
      async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
          return await bare.GET(REVIEWS, { params: { query: QUERY }, signal: controller.signal });
        } finally {
          clearTimeout(timer);
        }
      },
    ],
    [OURS, () => ours.get(REVIEWS, { query: QUERY })],
  ];
  // Warmed first: a fresh process's first round would otherwise charge the compiler and undici's
  // first connections to whichever variant it runs first.
  for (const [, call] of variants) await pool(n, 32, call);
  const times: RoundTimes = Object.fromEntries(variants.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++)
    for (let i = 0; i < variants.length; i++) {
      const [name, call] = variants[(i + round) % variants.length]!;
      times[name]!.push(await pool(n, 32, call));
    }
  server.close();
  return times;
}

/**
 * Section 2: loopback throughput, the rounds run in fresh processes. One process's rounds agree
 * with each other, but a process as a whole lands faster or slower (how V8 happened to compile
 * and collect it): five runs of one process each gave our client 0.87–1.00× bare on 2026-12-01.
 * Each ratio is taken within its round, then the median over every round of every process; the
 * row's `spread` is the range of the processes' own medians.
 */
export async function loopback({ quick }: BenchOptions): Promise<Row[]> {
  // Five rounds a process: each variant runs once in each place of the order. Ten processes: one
  // process's median lands anywhere in about ±4 points (2026-12-01), six left the median of a
  // build moving by over a point from run to run.
  const [processes, rounds, n] = quick ? [1, 1, 50] : [10, 5, 2000];
  const child = path.join(repoRoot, "scripts/dist/cli/loopback-rounds.js");
  const all: RoundTimes[] = [];
  for (let p = 0; p < processes; p++) {
    const { stdout } = await execFileAsync(process.execPath, [child, String(n), String(rounds)]);
    all.push(JSON.parse(stdout) as RoundTimes);
  }
  const names = Object.keys(all[0]!);
  const section = `2. loopback HTTP (${processes} processes × ${rounds} interleaved rounds of ${n} requests, concurrency 32)`;
  return names.map((name) => {
    const times = all.flatMap((t) => t[name]!);
    const byProcess = all.map((t) => t[name]!.map((ms, i) => t[BARE]![i]! / ms));
    // Each process's own median: the spread a single run of one process could have shown.
    const processMedians = byProcess.map(median);
    return {
      section,
      name,
      value: Math.round(n / (median(times) / 1000)),
      unit: "req/s",
      ratio: median(byProcess.flat()),
      spread: [Math.min(...processMedians), Math.max(...processMedians)],
      baseline: "throughput ÷ bare openapi-fetch, median of rounds",
      target: name === OURS ? "≥ 0.95" : undefined,
    };
  });
}
