import { parseArgs } from "node:util";
import type { MockServerOptions } from "./server.js";

export const USAGE =
  "usage: keyapi-tiktok-mock [--port 4010] [--host 127.0.0.1] [--seed S] [--qps N] [--credits N] [--latency-ms N]";

/** A command line the bin cannot run: one line, exit 2. */
export class MockUsageError extends Error {}

// [flag, the option it sets, what a value must be, the check]
const NUMBERS: [string, keyof MockServerOptions, string, (n: number) => boolean][] = [
  ["port", "port", "a whole number from 0 to 65535", (n) => Number.isInteger(n) && n <= 65535],
  ["qps", "qps", "a number > 0", (n) => n > 0],
  ["credits", "credits", "a whole number ≥ 0", Number.isInteger],
  // A timer past 2^31 - 1 ms fires at once (Node warns and sets 1 ms).
  ["latency-ms", "latencyMs", "a number of ms from 0 to 2147483647", (n) => n <= 2 ** 31 - 1],
];

/**
 * The bin's command line as the server's options, or `help`. A number that is not one (`--port
 * abc` was NaN, `--credits abc` meant unlimited credits), an unknown flag or a missing value is
 * a {@link MockUsageError} naming the flag.
 */
export function mockArgs(argv: string[]): MockServerOptions | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        seed: { type: "string" },
        qps: { type: "string" },
        credits: { type: "string" },
        "latency-ms": { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    // node's own words, some on several lines: one line.
    throw new MockUsageError((error as Error).message.replace(/\s*\n\s*/g, " "));
  }
  if (values.help) return "help";
  const options: MockServerOptions = { host: values.host as string };
  if (!options.host) throw new MockUsageError("--host needs a host name or address");
  if (values.seed !== undefined) options.seed = values.seed as string;
  for (const [flag, option, want, ok] of NUMBERS) {
    const text = values[flag] as string | undefined;
    if (text === undefined) continue;
    const n = /^\s*$/.test(text) ? NaN : Number(text);
    if (!(Number.isFinite(n) && n >= 0 && ok(n)))
      throw new MockUsageError(`--${flag} must be ${want}, got ${JSON.stringify(text)}`);
    (options as Record<string, unknown>)[option] = n;
  }
  return options;
}
