#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startMockServer } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    qps: { type: "string" },
    credits: { type: "string" },
    "latency-ms": { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(
    "usage: keyapi-tiktok-mock [--port 4010] [--host 127.0.0.1] [--seed S] [--qps N] [--credits N] [--latency-ms N]",
  );
  process.exit(0);
}
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const mock = await startMockServer({
  port: num(values.port),
  host: values.host,
  seed: values.seed,
  qps: num(values.qps),
  credits: num(values.credits),
  latencyMs: num(values["latency-ms"]),
});
console.log(`KeyAPI TikTok mock listening on ${mock.url}`);
console.log(`test key: ${mock.testKey}`);
const stop = () => mock.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
