#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { call, type CallOptions } from "./commands/call.js";
import { contract, type ContractOptions } from "./commands/contract.js";
import { operations } from "./commands/operations.js";
import { PAGE_SIZE_HELP, reviews, reviewsOfMany } from "./commands/reviews.js";
import { DEFAULT_TIMEOUT_S, describe, EXIT, exitCodeFor, UsageError } from "./exit-codes.js";
import { outputError } from "./output/target.js";
import { hideKeys, runKey, withoutUnknownValue } from "./output/key-shaped.js";
import { forTerminal, oneLine } from "./output/terminal-text.js";

declare const __CLI_VERSION__: string;

// Every count the CLI takes is ≥ 1: 0 would silently mean "no limit" (--rps) or "every page"
// (--pages), which against the real API spends credits nobody asked for.
const int =
  (name: string, max = Number.MAX_SAFE_INTEGER) =>
  (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ 1`);
    if (Number(v) > max) throw new InvalidArgumentError(`${name} must be at most ${max}`);
    return Number(v);
  };

// A timer holds at most 2^31 − 1 ms: past it the client would refuse its own option's name.
const seconds = (name: string) => int(name, Math.floor((2 ** 31 - 1) / 1_000));

// A budget may be 0 where nothing is bought unasked: `contract --max-credits 0` checks nothing.
const whole = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
    throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(v);
};

/**
 * What commander says of a mistake, and a stack for --debug, without the run's key in it (typed
 * into the wrong flag); the CLI's own error line is `describe`'s, which leaves it out itself.
 */
const safe = (text: string) => hideKeys(text, runKey(program.opts()));

// A reader that went away (`| head`) is not an error: stop writing quietly. Commands that pull
// also listen, to stop buying pages. Any other stdout failure (a full disk) is one line, exit 6.
// One owner at a time: while a pull watches stdout (export/stops.ts), its stop handles the error
// (the pages bought are kept, the credits line is printed); this is for everything else.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE" || process.stdout.listenerCount("error") > 1) return;
  process.stderr.write(`keyapi-tiktok: ${describe(outputError("stdout", e))}\n`);
  process.exit(EXIT.output);
});

// A terminal that hung up (SIGHUP: a closed window, a dropped ssh) fails every write to stderr
// with EIO. Unheard, that error ended the process at its first word ("stopping: …"), before the
// pages in flight and the output's rename: what was to be said there is lost, the pull ends well.
process.stderr.on("error", () => {});

const OUT_HELP = "write records to a file (default, or -: stdout)";

/** How `--format` is chosen when not given. */
const BY_OUT = "with --out, by its extension (.csv, .json, .ndjson, .jsonl), else";

const program = new Command("keyapi-tiktok")
  .description(
    "KeyAPI TikTok from a terminal: every review of a product in a file, with a rating summary",
  )
  .version(typeof __CLI_VERSION__ === "string" ? __CLI_VERSION__ : "0.0.0-dev")
  .option(
    "--api-key-file <file>",
    "read the API key from a file, - for standard input (default: env KEYAPI_API_KEY)",
  )
  .option("--base-url <url>", "API base URL (default https://api.keyapi.ai)")
  .option("--mock", "start the embedded mock server and use it: no key, no credits")
  .option("--debug", "log every request to stderr and show stacks on errors")
  .option(
    "--redis-url <url>",
    "share the key's rate limit with other runs and workers through Redis (env KEYAPI_REDIS_URL)",
  )
  .option(
    "--timeout <seconds>",
    `give a request at most N seconds to answer in full, then retry it (default ${DEFAULT_TIMEOUT_S})`,
    seconds("--timeout"),
  )
  // A mistake is one line, as everywhere else (the whole help after it was 30 lines), and never
  // quotes a key typed into the wrong flag.
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(safe(withoutUnknownValue(text))) })
  // `--out -` is standard output, as `-` is standard input for --ids-file and --api-key-file (a
  // file named "-", what it wrote before, is `./-`).
  .hook("preAction", (_program, command) => {
    if (command.opts().out !== "-") return;
    if (command.opts().resume)
      throw new UsageError("--resume needs --out <file>: - is standard output");
    // The records and the summary on one stream would be neither (it dropped the records).
    if (command.opts().summary)
      throw new UsageError(
        "--summary prints the summary on standard output: give --out FILE for the records, or drop --out -",
      );
    command.setOptionValue("out", undefined);
  });

/** The limits every pulling command takes, last in its help: budget, pace, window, resume. */
const withPullLimits = (command: Command) =>
  command
    .option("--max-credits <n>", "stop before spending more than N credits", int("--max-credits"))
    .option(
      "--rps <n>",
      "at most N requests a second (default: found from the API's 429s)",
      int("--rps"),
    )
    .option(
      "--concurrency <n>",
      "most pages in flight (default 32; the key's rate × latency sets the window under it)",
      int("--concurrency"),
    )
    .option(
      "--resume",
      "continue the pull whose checkpoint is beside --out; start it when there is none; a finished run keeps the checkpoint as its receipt, so the same command again buys nothing",
    );

withPullLimits(
  program
    .command("reviews [product_id]")
    .description(
      "every review of a TikTok Shop product (Product Reviews, Analytics), or of every product in --ids-file",
    )
    .option(
      "--shard <k/N>",
      "with --ids-file: this run's share, every N-th id from the k-th (N runs, one key: add --redis-url)",
    )
    .option(
      "--ids-file <file>",
      "one product id a line (- for stdin; blank lines and # comments skipped, repeats once): one pull, each record with its product_id",
    )
    .option("--all", "pull every page")
    .option("--pages <n>", "pull at most N pages (default 1)", int("--pages"))
    .option("--page-size <n>", PAGE_SIZE_HELP, int("--page-size"))
    .option("--format <format>", `table | json | ndjson | csv (default: ${BY_OUT} table)`)
    .option("--out <file>", OUT_HELP)
    .option(
      "--summary",
      "print the rating distribution, average, reviews per SKU and date range (without --out: instead of the records)",
    ),
).action(async (id: string | undefined, o) => {
  if ((id === undefined) === (o.idsFile === undefined))
    throw new UsageError("give one product_id or --ids-file FILE");
  if (o.shard !== undefined && o.idsFile === undefined)
    throw new UsageError("--shard takes --ids-file");
  if (o.idsFile === "") throw new UsageError("--ids-file needs a file path");
  process.exitCode =
    o.idsFile !== undefined
      ? await reviewsOfMany(o, program.opts())
      : await reviews(id!, o, program.opts());
});

withPullLimits(
  program
    .command("call <path>")
    .description(
      "any operation of the spec; a paged one is exported page after page like `reviews`",
    )
    .option("-q, --query <key=value...>", "query and path parameters", [])
    .option("--body <json|@file>", "the JSON request body (an operation that takes one)")
    .option("--shard <k/N>", "with --each: this run's share, every N-th value from the k-th")
    .option(
      "--each <param=@file>",
      "one pull over every value in FILE (one a line) of a query or path parameter; each record gets the parameter's field where it lacks it",
    )
    .option("--all", "pull every page (a paged operation)")
    .option("--pages <n>", "pull at most N pages (default 1)", int("--pages"))
    .option("--format <format>", `json | ndjson | csv | table (default: ${BY_OUT} json)`)
    .option("--out <file>", OUT_HELP),
).action(async (path: string, o: CallOptions) => {
  process.exitCode = await call(path, o, program.opts());
});

program
  .command("contract")
  .description(
    "call every operation of the spec once with its sample (spec/contract-samples.json) and report where the live API differs from the spec",
  )
  .option(
    "--max-credits <n>",
    "check only operations that fit in N credits (in the spec's order; the rest: not checked)",
    whole("--max-credits"),
  )
  .option(
    "--junit <file>",
    "write a JUnit XML report: a testcase an operation, breaking drift a failure",
  )
  .option("--markdown <file>", "write a markdown report (for a CI job summary)")
  .option("--strict", "exit 1 on additive drift too (a field the spec does not name)")
  .option("--only <text...>", "check only the operations whose `METHOD path` contains one of these")
  .option("--concurrency <n>", "operations checked at once (default 4)", int("--concurrency"))
  .addHelpText(
    "after",
    "\nExit codes: 0 no breaking drift, 1 breaking drift (any drift with --strict), 2 usage or nothing checked,\n3 the key or credits, 4 throttled, 5 server or network, 6 a report file: an outage is never 0 or 1.",
  )
  .action(async (o: ContractOptions) => {
    process.exitCode = await contract(o, program.opts());
  });

program
  .command("operations")
  .description("list the spec's operations with their parameters and credit cost")
  .action(() => {
    process.exitCode = operations();
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version "fail" with exit code 0 through exitOverride.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
  } else {
    process.stderr.write(`keyapi-tiktok: ${describe(error, program.opts())}\n`);
    if (program.opts().debug && error instanceof Error && error.stack)
      process.stderr.write(safe(stackOf(error)) + "\n");
    process.exitCode = exitCodeFor(error);
  }
}

/**
 * The stack for --debug: its head is the message, which may quote the server, so it is one inert
 * line (a server's line breaks must not forge stack frames or `keyapi-tiktok:` lines).
 */
function stackOf(error: Error): string {
  const head = `${error.name}: ${error.message}`;
  const stack = error.stack!;
  return stack.startsWith(head)
    ? oneLine(head) + forTerminal(stack.slice(head.length))
    : forTerminal(stack);
}
