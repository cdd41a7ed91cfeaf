#!/usr/bin/env node
import { mockArgs, MockUsageError, USAGE } from "./bin-args.js";
import { startMockServer } from "./server.js";

/** One line on stderr and the exit code: a bad command line is 2, a server that cannot listen 1. */
function fail(line: string, code: number): never {
  process.stderr.write(`keyapi-tiktok-mock: ${line}\n`);
  if (code === 2) process.stderr.write(`${USAGE}\n`);
  process.exit(code);
}

let options: ReturnType<typeof mockArgs>;
try {
  options = mockArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof MockUsageError)) throw error;
  fail(error.message, 2);
}
if (options === "help") {
  console.log(USAGE);
  process.exit(0);
}
const mock = await startMockServer(options).catch((error: NodeJS.ErrnoException) =>
  fail(
    `cannot listen on ${options.host}:${options.port}: ${error.code === "EADDRINUSE" ? "the address is in use" : error.message}`,
    1,
  ),
);
console.log(`KeyAPI TikTok mock listening on ${mock.url}`);
console.log(`test key: ${mock.testKey}`);
const stop = () => mock.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
