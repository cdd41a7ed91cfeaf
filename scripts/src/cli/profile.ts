/**
 * Where a call's time goes: runs `--calls` calls of one variant on section 1's stub fetch under
 * V8's sampling profiler, then prints the functions with the most self and inclusive time. With
 * `--loopback`, the calls go to section 2's server on 127.0.0.1 (in the profiled process), 32 at
 * a time. Run after `pnpm bench`'s build:
 *
 *   node scripts/dist/cli/profile.js --variant get     (or GET, or bare for openapi-fetch alone)
 */
import { Session } from "node:inspector/promises";
import { argsOrExit } from "./args.js";
import createClient from "openapi-fetch";
import { pool } from "../bench/loopback.js";
import {
  BENCH_KEY,
  bareHeaders,
  dist,
  pageBody,
  QUERY,
  REVIEWS,
  startServer,
} from "../bench/shared.js";
import { summarizeProfile, type CpuProfile } from "../bench/profile-summary.js";

const { values } = argsOrExit("profile", {
  options: {
    variant: { type: "string", default: "get" },
    calls: { type: "string", default: "60000" },
    top: { type: "string", default: "25" },
    loopback: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(`usage: node scripts/dist/cli/profile.js [--variant get|GET|bare] [--calls N] [--top N] [--loopback]

  Runs N calls of one variant (default get, 60000) on pnpm bench's stub fetch, or with
  --loopback on its 127.0.0.1 server 32 at a time, under V8's sampling profiler, then prints the
  top functions by self and by inclusive time. Build first (pnpm bench builds).`);
  process.exit(0);
}
const calls = Number(values.calls);
const top = Number(values.top);
const VARIANTS = ["get", "GET", "bare"];
// Whole and bounded: `--calls 1e999` would loop for ever, `--calls 0.5` divide by a half.
const count = (n: number) => Number.isSafeInteger(n) && n > 0;
const problem = !VARIANTS.includes(values.variant!)
  ? `--variant is one of ${VARIANTS.join(", ")} (got ${values.variant})`
  : !count(calls)
    ? `--calls is a whole number above 0 (got ${values.calls})`
    : !count(top) && `--top is a whole number above 0 (got ${values.top})`;
if (problem) {
  console.error(`profile: ${problem}`);
  process.exit(2);
}

/** The calls of one variant, ready to run: the clients made, a server started on loopback. */
async function prepare(variant: string, loopback: boolean) {
  const body = pageBody(10);
  const stub = (async () =>
    new Response(body, { headers: { "content-type": "application/json" } })) as typeof fetch;
  const server = loopback ? await startServer(() => body) : undefined;
  // The stub answers for any host; on loopback, the runtime's fetch goes to the server.
  const at = server ? { baseUrl: server.url } : { fetch: stub };
  const { createKeyApiClient } = await dist("client");
  const ours = createKeyApiClient({ apiKey: BENCH_KEY, ...at });
  const bare = createClient<any>({ baseUrl: "https://api.keyapi.ai", headers: bareHeaders, ...at });
  const call = {
    get: () => ours.get(REVIEWS, { query: QUERY }),
    GET: () => ours.GET(REVIEWS, { params: { query: QUERY } }),
    bare: () => bare.GET(REVIEWS, { params: { query: QUERY } }),
  }[variant]!;
  return { call, server };
}

/**
 * The calls under V8's sampling profiler, in this process (the inspector's Profiler, what
 * `--cpu-prof` uses): started once everything is loaded, so the profile holds the calls and not
 * the imports. No child process and no temp folder for its file: a signal ends it as it comes.
 */
async function profileCalls(variant: string, loopback: boolean): Promise<CpuProfile> {
  const { call, server } = await prepare(variant, loopback);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const started = performance.now();
  if (server) await pool(calls, 32, call);
  else for (let i = 0; i < calls; i++) await call();
  const ms = performance.now() - started;
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  server?.server.close();
  const each = ((ms / calls) * 1000).toFixed(1);
  console.log(`${variant}: ${each} µs a call${server ? " (loopback, 32 at a time)" : ""}`);
  return profile as CpuProfile;
}

const { self: bySelf, inclusive } = summarizeProfile(
  await profileCalls(values.variant!, values.loopback!),
);
const print = (title: string, rows: [string, number][]) => {
  console.log(`\n${title}`);
  for (const [name, share] of rows.slice(0, top))
    console.log(`${(share * 100).toFixed(1).padStart(6)}%  ${name}`);
};
print("self time", bySelf);
print("inclusive time", inclusive);
