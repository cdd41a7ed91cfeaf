import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer, type MockServerOptions } from "@keyapi-tiktok/mock";
import { operationTable } from "@keyapi-tiktok/types";
import { KEY, runCli, tempDir } from "./support.js";

let mock: MockServer | undefined;
afterEach(() => mock?.close());

interface Case {
  mock?: MockServerOptions;
  args: (url: string) => string[];
  key?: string | undefined;
  code: number;
  stderr: RegExp;
  /** Requests the mock saw, where the case says. */
  sent?: number;
}

const REVIEWS = "/v1/tiktok/product/reviews/analytics";
let ids = "";
beforeAll(async () => {
  ids = path.join(await tempDir(), "ids.txt");
  await writeFile(ids, "1\n2\n");
});

// [name, { given a mock and arguments, want the exit code and one human line }]
const cases: [string, Case][] = [
  [
    "unknown flag → 2",
    { args: () => ["reviews", "1", "--bogus"], code: 2, stderr: /unknown option '--bogus'/ },
  ],
  [
    "--page-size 11 → 2, said by the flag, before any request",
    {
      args: (u) => ["reviews", "1", "--page-size", "11", "--base-url", u],
      code: 2,
      stderr: /^keyapi-tiktok: --page-size: must be ≤ 10, got 11$/m,
      sent: 0,
    },
  ],
  [
    "--page-size 11 with --ids-file → 2, said by the flag, before any request",
    {
      args: (u) => ["reviews", "--ids-file", ids, "--page-size", "11", "--base-url", u],
      code: 2,
      stderr: /^keyapi-tiktok: --page-size: must be ≤ 10, got 11$/m,
      sent: 0,
    },
  ],
  [
    "call's page_size=11 → 2, said by the parameter it was given as",
    {
      args: (u) =>
        ["call", REVIEWS, "-q", "product_id=1", "page_num=1", "page_size=11"].concat([
          "--base-url",
          u,
        ]),
      code: 2,
      stderr: /^keyapi-tiktok: InvalidParamsError: page_size: must be ≤ 10, got 11$/m,
      sent: 0,
    },
  ],
  [
    "--page-size 11 and no key → 2: the flag's mistake first, alone",
    {
      args: (u) => ["reviews", "1", "--page-size", "11", "--base-url", u],
      key: undefined,
      code: 2,
      stderr: /^keyapi-tiktok: --page-size: must be ≤ 10, got 11\n?$/,
      sent: 0,
    },
  ],
  [
    "an empty id and --page-size 11, no key → 2, both said",
    {
      args: (u) => ["reviews", "", "--page-size", "11", "--base-url", u],
      key: undefined,
      code: 2,
      stderr:
        /^keyapi-tiktok: product_id: required query parameter is empty; --page-size: must be ≤ 10, got 11\n?$/,
      sent: 0,
    },
  ],
  [
    "an empty id, no key → 2, said as the command line's (no class name)",
    {
      args: (u) => ["reviews", "", "--base-url", u],
      key: undefined,
      code: 2,
      stderr: /^keyapi-tiktok: product_id: required query parameter is empty\n?$/,
      sent: 0,
    },
  ],
  [
    "a blank id → 2, trimmed as an ids file's line is, and never sent",
    {
      args: (u) => ["reviews", " \t ", "--base-url", u],
      code: 2,
      stderr: /^keyapi-tiktok: product_id: required query parameter is empty\n?$/,
      sent: 0,
    },
  ],
  [
    "an escape pasted into a -q value → 2, naming the parameter, never sent",
    {
      args: (u) => ["call", REVIEWS, "-q", "product_id=1729\u001b[31m4", "--base-url", u],
      code: 2,
      stderr:
        /^keyapi-tiktok: --query product_id holds the control character U\+001B: a value is printable text$/m,
      sent: 0,
    },
  ],
  [
    "call's page_size=11 and no key → 2, before the key",
    {
      args: (u) =>
        ["call", REVIEWS, "-q", "product_id=1", "page_num=1", "page_size=11"].concat([
          "--base-url",
          u,
        ]),
      key: undefined,
      code: 2,
      stderr: /^keyapi-tiktok: InvalidParamsError: page_size: must be ≤ 10, got 11\n?$/,
      sent: 0,
    },
  ],
  [
    "--timeout 1 against a slower server → 5, said by the flag, not the library's option",
    {
      mock: { latencyMs: 3_000 },
      args: (u) => ["--timeout", "1", "reviews", "1", "--base-url", u],
      code: 5,
      stderr: /^keyapi-tiktok: TimeoutError: no complete response within 1 s \(--timeout\)$/m,
    },
  ],
  [
    "--timeout 0 → 2, before any request",
    {
      args: (u) => ["--timeout", "0", "reviews", "1", "--base-url", u],
      code: 2,
      stderr: /--timeout must be a whole number ≥ 1/,
      sent: 0,
    },
  ],
  [
    "--timeout past a timer's reach → 2, by the flag's name, before any request",
    {
      args: (u) => ["--timeout", "2147484", "reviews", "1", "--base-url", u],
      code: 2,
      stderr: /--timeout must be at most 2147483/,
      sent: 0,
    },
  ],
  [
    "--format xml → 2",
    {
      args: (u) => ["reviews", "1", "--format", "xml", "--base-url", u],
      code: 2,
      stderr: /--format must be one of/,
    },
  ],
  [
    "no key → 3",
    {
      args: (u) => ["reviews", "1", "--base-url", u],
      key: undefined,
      code: 3,
      stderr: /KEYAPI_API_KEY/,
    },
  ],
  [
    "rejected key (401) → 3",
    {
      mock: { apiKeys: ["sk_test_other"] },
      args: (u) => ["reviews", "1", "--base-url", u],
      code: 3,
      stderr: /AuthenticationError: apiKey is invalid/,
    },
  ],
  [
    "no credits (402) → 3",
    {
      mock: { credits: 0 },
      args: (u) => ["reviews", "1", "--base-url", u],
      code: 3,
      stderr: /InsufficientCreditsError: apiKey quota is not enough/,
    },
  ],
  [
    "429 after retries → 4",
    {
      mock: { qps: 0 },
      args: (u) => ["reviews", "1", "--base-url", u],
      code: 4,
      stderr: /RateLimitError: qps limit exceeded/,
    },
  ],
  [
    "500 after retries → 5",
    {
      mock: { faults: { error500: 1 } },
      args: (u) => ["reviews", "1", "--base-url", u],
      code: 5,
      stderr: /InternalServerError: Internal server error/,
    },
  ],
  [
    "network down → 5",
    {
      args: () => ["reviews", "1", "--base-url", "http://127.0.0.1:9"],
      code: 5,
      stderr: /ConnectionError/,
    },
  ],
  [
    "unknown operation for call → 2",
    {
      args: (u) => ["call", "/v1/tiktok/nope", "--base-url", u],
      code: 2,
      stderr: /not an operation of the spec/,
    },
  ],
  // Names every object has: the lookup found the prototype's and ended in a TypeError, exit 5.
  ...["__proto__", "constructor", "toString"].map((name): [string, Case] => [
    `call ${name} → 2`,
    {
      args: (u) => ["call", name, "--base-url", u],
      code: 2,
      stderr: new RegExp(`^keyapi-tiktok: ${name} is not an operation of the spec`),
      sent: 0,
    },
  ]),
  [
    // Node's server refuses a request line and headers over 16 kB with a 431.
    "a -q value too large for the server (431) → 2",
    {
      args: (u) => [
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "-q",
        `product_id=${"1".repeat(100_000)}`,
        "--base-url",
        u,
      ],
      code: 2,
      stderr: /\(HTTP 431\)/,
      sent: 0,
    },
  ],
  [
    "an empty --ids-file → 2",
    {
      args: (u) => ["reviews", "--ids-file", "", "--base-url", u],
      code: 2,
      stderr: /^keyapi-tiktok: --ids-file needs a file path$/m,
      sent: 0,
    },
  ],
];

describe("exit codes and error lines", () => {
  // A key throttled for good takes its 30 rate-limit retries (Retry-After 1 s, the limiter at
  // its floor of one request per 2 s) before exit 4: about a minute.
  it.each(cases)("%s", { timeout: 100_000 }, async (_name, c) => {
    mock = await startMockServer(c.mock ?? {});
    const env = { KEYAPI_API_KEY: "key" in c ? c.key : KEY };
    const run = await runCli(c.args(mock.url), env);
    expect(run.code, run.stderr).toBe(c.code);
    expect(run.stderr).toMatch(c.stderr);
    // One human line (ours, or commander's for a bad flag), saying it; no stack without --debug.
    const errorLines = run.stderr.split("\n").filter((l) => /^(keyapi-tiktok|error):/.test(l));
    expect(errorLines, run.stderr).toHaveLength(1);
    expect(errorLines[0]).toMatch(c.stderr);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout + run.stderr).not.toContain(KEY);
    if (c.sent !== undefined) expect(mock.stats.requests).toBe(c.sent);
  });

  it("--timeout with --ids-file: each product's failure line says the flag → 7", async () => {
    mock = await startMockServer({ latencyMs: 3_000 });
    const args = ["--timeout", "1", "reviews", "--ids-file", ids, "--base-url", mock.url];
    const run = await runCli(args, { KEYAPI_API_KEY: KEY });
    expect(run.code, run.stderr).toBe(7);
    // Both products are in flight at once: either may fail first.
    const failed = run.stderr
      .split("\n")
      .filter((l) => l.startsWith("failed: "))
      .sort();
    expect(failed).toEqual(
      ["1", "2"].map((id) => `failed: ${id}\tno complete response within 1 s (--timeout)`),
    );
  });

  it("--debug adds the stack and request logs, still without the key", async () => {
    mock = await startMockServer({ credits: 0 });
    const run = await runCli(["--debug", "reviews", "1", "--base-url", mock.url], {
      KEYAPI_API_KEY: KEY,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/debug GET \/v1\/tiktok\/product\/reviews\/analytics → 402/);
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("an id pasted with blanks around it is the id without them", async () => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const id = "1729471493154312768";
    const args = ["reviews", ` ${id}\t`, "--format", "ndjson", "--base-url", mock.url];
    const run = await runCli(args, { KEYAPI_API_KEY: KEY });
    expect(run.code, run.stderr).toBe(0);
    const records = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { product_id: string });
    expect(new Set(records.map((r) => r.product_id))).toEqual(new Set([id]));
  });

  it("reads the key from --api-key-file", async () => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const file = path.join(await tempDir(), "key");
    await writeFile(file, `${KEY}\n`);
    const run = await runCli([
      "--api-key-file",
      file,
      "reviews",
      "1",
      "--format",
      "ndjson",
      "--base-url",
      mock.url,
    ]);
    expect(run.code).toBe(0);
    // One page of the default size, each line a record.
    const records = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as object);
    expect(records).toHaveLength(10);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("--max-credits stops at the budget: exactly that many requests, whole records kept", async () => {
    mock = await startMockServer({ datasetSize: 1_000 });
    const out = path.join(await tempDir(), "r.ndjson");
    const run = await runCli(
      [
        "reviews",
        "1",
        "--all",
        "--max-credits",
        "5",
        "--format",
        "ndjson",
        "--out",
        out,
        "--base-url",
        mock.url,
      ],
      {
        KEYAPI_API_KEY: KEY,
      },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/CreditBudgetExceededError: --max-credits 5 reached/);
    expect(run.stderr).toContain("50 reviews, 5 pages, 5 credits spent (5 requests)");
    expect(mock.stats.requests).toBe(5);
    expect(
      (await readFile(out, "utf8"))
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toHaveLength(50);
  });

  // [pull, its arguments]: the key's credits pay for 2 requests, the data takes 3 pages of the
  // product (and 6 of the two), and the 402 comes while pages asked ahead are in flight.
  it.each([
    ["one product", ["reviews", "1"]],
    ["a pull of many", ["reviews", "--ids-file", "IDS"]],
  ])(
    "credits exhausted near the end, %s: exit 3, the records kept with a checkpoint, never 'complete'",
    async (_case, args) => {
      mock = await startMockServer({ datasetSize: 25, latencyMs: 200, credits: 2, apiKeys: [KEY] });
      const dir = await tempDir();
      const ids = path.join(dir, "ids.txt");
      await writeFile(ids, "101\n102\n");
      const out = path.join(dir, "r.ndjson");
      const run = await runCli(
        [
          ...args.map((a) => (a === "IDS" ? ids : a)),
          "--all",
          "--concurrency",
          "8",
          "--format",
          "ndjson",
          "--out",
          out,
          "--base-url",
          mock.url,
        ],
        { KEYAPI_API_KEY: KEY },
      );
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/InsufficientCreditsError/);
      expect(run.stderr).toMatch(/the same command with --resume continues the pull/);
      expect(existsSync(`${out}.checkpoint`)).toBe(true);
      expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(20);
    },
  );

  it("call and operations use the generated table", async () => {
    mock = await startMockServer({ datasetSize: 3 });
    const call = await runCli(
      [
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "-q",
        "product_id=9",
        "page_num=1",
        "page_size=10",
        "--base-url",
        mock.url,
      ],
      {
        KEYAPI_API_KEY: KEY,
      },
    );
    expect(call.code).toBe(0);
    expect(JSON.parse(call.stdout)).toHaveLength(3);
    const bad = await runCli(
      [
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "-q",
        "product_id=9",
        "page_num=0",
        "page_size=10",
        "--base-url",
        mock.url,
      ],
      {
        KEYAPI_API_KEY: KEY,
      },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/page_num: must be ≥ 1/);
    const ops = await runCli(["operations"]);
    expect(ops.stdout).toMatch(
      /GET \/v1\/tiktok\/product\/reviews\/analytics {2}\(ProductReviewsAnalytics, 1 credit, paginated\)/,
    );
    expect(ops.stdout).toMatch(/\* page_size \(query\): integer 1\.\.10/);
  });

  it("reviews --help gives --page-size the spec's bounds and default", async () => {
    const op = operationTable[REVIEWS].get;
    const size = op.params.find((p) => p.name === op.pagination.sizeParam)!.schema;
    const help = await runCli(["reviews", "--help"]);
    const max = op.pagination.maxPageSize;
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      `--page-size <n> items per page, ${size.minimum ?? 1}..${max} (default ${max})`,
    );
  });
});
