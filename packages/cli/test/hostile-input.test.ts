import { spawn } from "node:child_process";
import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { openSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { BIN, KEY, runCli, tempDir } from "./support.js";
import { startFixedServer } from "./support-hostile-server.js";

let mock: MockServer | undefined;
let fixed: Awaited<ReturnType<typeof startFixedServer>> | undefined;
afterEach(async () => {
  await mock?.close();
  await fixed?.close();
  mock = fixed = undefined;
});

const OLD = "what was there before\n";
const oneErrorLine = (stderr: string) => {
  expect(stderr.split("\n").filter((l) => l.startsWith("keyapi-tiktok:"))).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe("files: a failed run never destroys --out; a bad --out is one line, exit 6", () => {
  // [name, mock options, extra args, setup of the folder → --out path, exit code, stderr, check]
  it.each<
    [
      string,
      object,
      string[],
      (dir: string) => Promise<string>,
      number,
      RegExp,
      (dir: string, out: string, m: MockServer) => Promise<void>,
    ]
  >([
    [
      "401 before any page: the existing file is untouched",
      { apiKeys: ["sk_test_other"] },
      [],
      async (dir) => (await writeFile(path.join(dir, "r.csv"), OLD), path.join(dir, "r.csv")),
      3,
      /AuthenticationError/,
      async (dir, out) => {
        expect(await readFile(out, "utf8")).toBe(OLD);
        expect(await readdir(dir)).toEqual(["r.csv"]);
      },
    ],
    [
      "--max-credits reached after 2 pages: the existing file is untouched, the 20 records bought are in <out>.partial",
      { datasetSize: 500 },
      ["--all", "--max-credits", "2"],
      async (dir) => (await writeFile(path.join(dir, "r.csv"), OLD), path.join(dir, "r.csv")),
      3,
      /--max-credits 2 reached/,
      async (dir, out) => {
        expect(await readFile(out, "utf8")).toBe(OLD);
        const partial = (await readFile(`${out}.partial`, "utf8")).trimEnd().split("\r\n");
        expect(partial).toHaveLength(21); // header + 20
      },
    ],
    [
      "--out is a folder: nothing bought",
      {},
      [],
      async (dir) => (await mkdir(path.join(dir, "sub")), path.join(dir, "sub")),
      6,
      /cannot write --out .*sub: it is a folder/,
      async (_d, _o, m) => expect(m.stats.requests).toBe(0),
    ],
    [
      "--out in a folder that does not exist",
      {},
      [],
      async (dir) => path.join(dir, "missing", "r.csv"),
      6,
      /cannot write --out .*: its folder does not exist/,
      async (_d, _o, m) => expect(m.stats.requests).toBe(0),
    ],
    [
      "--out under a file, not a folder",
      {},
      [],
      async (dir) => (await writeFile(path.join(dir, "f"), ""), path.join(dir, "f", "r.csv")),
      6,
      /cannot write --out .*: a part of its path is not a folder/,
      async (_d, _o, m) => expect(m.stats.requests).toBe(0),
    ],
    [
      "a full disk (/dev/full): one line, no hang",
      { datasetSize: 500 },
      ["--all"],
      async () => "/dev/full",
      6,
      /cannot write --out \/dev\/full: the disk is full/,
      async () => {},
    ],
  ])("%s", { timeout: 30_000 }, async (_name, mockOptions, extra, setup, code, stderr, check) => {
    mock = await startMockServer(mockOptions);
    const dir = await tempDir();
    const out = await setup(dir);
    const args = [
      "reviews",
      "1",
      "--format",
      "csv",
      "--out",
      out,
      "--base-url",
      mock.url,
      ...extra,
    ];
    const run = await runCli(args, { KEYAPI_API_KEY: KEY });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(stderr);
    oneErrorLine(run.stderr);
    await check(dir, out, mock);
  });

  it(
    "with --mock and a full disk, the run ends (the mock server is closed)",
    { timeout: 30_000 },
    async () => {
      const run = await runCli([
        "--mock",
        "reviews",
        "1",
        "--all",
        "--out",
        "/dev/full",
        "--format",
        "ndjson",
      ]);
      expect(run.code).toBe(6);
      oneErrorLine(run.stderr);
    },
  );

  it("stdout on a full disk: one line, exit 6", { timeout: 30_000 }, async () => {
    const child = spawn(
      process.execPath,
      [BIN, "--mock", "reviews", "1", "--all", "--format", "ndjson"],
      {
        stdio: ["ignore", openSync("/dev/full", "w"), "pipe"],
      },
    );
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(6);
    expect(stderr).toMatch(/cannot write stdout: the disk is full/);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The pull owns stdout's errors while it runs: it ends as a pull does, with its credits.
    expect(stderr).toMatch(/credits spent/);
  });
});

describe("a closed pipe (`| head`) is not a crash", () => {
  it("--out /dev/stdout (a device path, written directly) | head -c 1: exit 0", async () => {
    // Through a shell: a real pipe (node's own stdio pipes are sockets, which /dev/stdout
    // cannot reopen).
    const command = `"${process.execPath}" "${BIN}" --mock reviews 1 --all --format json --out /dev/stdout | head -c 1 > /dev/null; echo "exit \${PIPESTATUS[0]}"`;
    const child = spawn("bash", ["-c", command], { stdio: ["ignore", "pipe", "pipe"] });
    let [stdout, stderr] = ["", ""];
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(stdout.trim()).toBe("exit 0");
  });

  it.each([
    ["operations", ["operations"]],
    [
      "call",
      [
        "--mock",
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "-q",
        "product_id=1",
        "page_num=1",
        "page_size=10",
      ],
    ],
    ["reviews", ["--mock", "reviews", "1", "--all", "--format", "ndjson"]],
    ["--help", ["--help"]],
  ])("%s", { timeout: 30_000 }, async (_name, args) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.destroy(); // the reader is gone before the first write
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(code).toBe(0);
  });
});

describe("data from the API is untrusted", () => {
  const HOSTILE = {
    review_id: "r1",
    product_id: "1",
    rating: 7,
    review_timestamp: 1e20,
    display_text: "\u001b[2J\u001b]0;pwned\u0007gotcha\u009b31m\u202eevil",
    sku_specification: '=HYPERLINK("http://x","y")',
  };
  const GOOD = {
    review_id: "r2",
    product_id: "1",
    rating: 5,
    review_timestamp: 1_727_000_000_000,
    display_text: "+fine",
    sku_specification: "@M",
  };
  const envelope = {
    code: 0,
    message: "success",
    data: [HOSTILE, GOOD],
    requestId: "req\u001b[31m-1",
  };

  // [format, args, check stdout]
  it.each<[string, string[], (stdout: string, stderr: string) => void]>([
    [
      "table: escape sequences and bidi overrides never reach the terminal; a broken record still prints",
      ["--format", "table"],
      (out) => {
        expect(out).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
        expect(out).toContain("gotcha");
        expect(out.trimEnd().split("\n")).toHaveLength(3);
      },
    ],
    [
      "summary: the malformed record is counted apart, the rest summarised",
      ["--summary"],
      (out) => {
        expect(out).toMatch(/^2 reviews\n1 malformed \(rating outside 1\.\.5\): left out/);
        expect(out).toMatch(/5★ .* 1 {2}100\.0%/);
        expect(out).not.toMatch(/[\u001b\u0007]/);
      },
    ],
    [
      "csv: cells starting with = + - @ are escaped for spreadsheets",
      ["--format", "csv"],
      (out) => {
        expect(out).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
        expect(out).toContain("\r\n'+fine,");
        expect(out).toContain(",'@M");
      },
    ],
    [
      "json: the data is written as it came (an integer past 2^53 as its exact digits)",
      ["--format", "json"],
      (out) =>
        expect(JSON.parse(out)).toEqual([
          { ...HOSTILE, review_timestamp: "100000000000000000000" },
          GOOD,
        ]),
    ],
  ])("%s", { timeout: 30_000 }, async (_name, args, check) => {
    fixed = await startFixedServer(200, envelope);
    const run = await runCli(["reviews", "1", "--base-url", fixed.url, ...args], {
      KEYAPI_API_KEY: KEY,
    });
    expect(run.code, run.stderr).toBe(0);
    check(run.stdout, run.stderr);
  });

  it("an error message from the server is one inert line", async () => {
    fixed = await startFixedServer(500, {
      code: 500,
      message: "boom\n\u001b[2Jfake prompt $ ",
      data: null,
    });
    const run = await runCli(["reviews", "1", "--base-url", fixed.url], { KEYAPI_API_KEY: KEY });
    expect(run.code).toBe(5);
    oneErrorLine(run.stderr);
    expect(run.stderr).not.toMatch(/\u001b/);
  });
});

describe("options: nothing silently means 'unlimited' or falls back; exit codes as documented", () => {
  // [name, args (URL of a server that must see no request), env key, exit code, stderr]
  it.each<[string, (url: string) => string[], string | undefined, number, RegExp]>([
    [
      "--pages 0",
      (u) => ["reviews", "1", "--pages", "0", "--base-url", u],
      KEY,
      2,
      /--pages must be a whole number ≥ 1/,
    ],
    [
      "--rps 0",
      (u) => ["reviews", "1", "--rps", "0", "--base-url", u],
      KEY,
      2,
      /--rps must be a whole number ≥ 1/,
    ],
    [
      "--concurrency 0",
      (u) => ["reviews", "1", "--concurrency", "0", "--base-url", u],
      KEY,
      2,
      /--concurrency must be a whole number ≥ 1/,
    ],
    [
      "--max-credits 0",
      (u) => ["reviews", "1", "--max-credits", "0", "--base-url", u],
      KEY,
      2,
      /--max-credits must be/,
    ],
    [
      "--page-size 0",
      (u) => ["reviews", "1", "--page-size", "0", "--base-url", u],
      KEY,
      2,
      /--page-size must be/,
    ],
    [
      "--page-size past a safe integer: said as too large, not as no whole number",
      (u) => ["reviews", "1", "--page-size", "99999999999999999999", "--base-url", u],
      KEY,
      2,
      /--page-size must be at most 9007199254740991/,
    ],
    [
      "--pages -1",
      (u) => ["reviews", "1", "--pages=-1", "--base-url", u],
      KEY,
      2,
      /--pages must be/,
    ],
    [
      "--pages 1e3",
      (u) => ["reviews", "1", "--pages", "1e3", "--base-url", u],
      KEY,
      2,
      /--pages must be/,
    ],
    [
      "a product_id with a tab: held to an ids file's rule, before anything is bought",
      (u) => ["reviews", "17\t29", "--base-url", u],
      KEY,
      2,
      /^keyapi-tiktok: product_id holds the control character U\+0009: an id is printable text\n$/,
    ],
    [
      "a product_id with a zero-width space (it looks like another product)",
      (u) => ["reviews", "17\u200b29", "--base-url", u],
      KEY,
      2,
      /product_id holds the invisible character U\+200B: an id is printable text/,
    ],
    [
      "an empty --base-url (never the production API)",
      () => ["reviews", "1", "--base-url", ""],
      KEY,
      2,
      /--base-url must be an http\(s\) URL, got ""/,
    ],
    [
      "a malformed --base-url",
      () => ["reviews", "1", "--base-url", "not a url"],
      KEY,
      2,
      /--base-url must be an http\(s\) URL/,
    ],
    [
      "--base-url with another scheme",
      () => ["reviews", "1", "--base-url", "ftp://x"],
      KEY,
      2,
      /--base-url must be an http\(s\) URL/,
    ],
    [
      "plain http to a remote host",
      () => ["reviews", "1", "--base-url", "http://api.example.invalid"],
      KEY,
      2,
      /use an https --base-url/,
    ],
    [
      "an empty --api-key-file (never the environment's key)",
      (u) => ["--api-key-file", "", "reviews", "1", "--base-url", u],
      KEY,
      2,
      /--api-key-file needs a file path/,
    ],
    [
      "no key",
      (u) => ["reviews", "1", "--base-url", u],
      undefined,
      3,
      /set KEYAPI_API_KEY or pass --api-key-file FILE/,
    ],
    [
      "a key with a line break",
      (u) => ["reviews", "1", "--base-url", u],
      `${KEY}\nX-Evil: 1`,
      3,
      /character no HTTP header can carry at position 26/,
    ],
    [
      "a key with a control character",
      (u) => ["reviews", "1", "--base-url", u],
      `${KEY}\u0007`,
      3,
      /character no HTTP header can carry/,
    ],
    [
      "--format xml",
      (u) => ["reviews", "1", "--format", "xml", "--base-url", u],
      KEY,
      2,
      /--format must be one of/,
    ],
  ])("%s → exit %i, no request", { timeout: 30_000 }, async (_name, args, key, code, stderr) => {
    fixed = await startFixedServer(200, { code: 0, data: [] });
    const run = await runCli(args(fixed.url), { KEYAPI_API_KEY: key });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(stderr);
    // One line: the whole help came after a flag's mistake (30 lines).
    if (code === 2) expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
    expect(fixed.requests()).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("an empty key file → exit 2, the environment's key is not used", async () => {
    fixed = await startFixedServer(200, { code: 0, data: [] });
    const file = path.join(await tempDir(), "key");
    await writeFile(file, "\n");
    const run = await runCli(["--api-key-file", file, "reviews", "1", "--base-url", fixed.url], {
      KEYAPI_API_KEY: KEY,
    });
    expect([run.code, fixed.requests()]).toEqual([2, 0]);
    expect(run.stderr).toBe("keyapi-tiktok: --api-key-file is empty\n");
  });

  it("a key file of two lines → exit 3, no key text anywhere", async () => {
    fixed = await startFixedServer(200, { code: 0, data: [] });
    const file = path.join(await tempDir(), "key");
    await writeFile(file, `${KEY}\nsecond-line-SECRET\n`);
    const run = await runCli(["--api-key-file", file, "reviews", "1", "--base-url", fixed.url]);
    expect([run.code, fixed.requests()]).toEqual([3, 0]);
    expect(run.stdout + run.stderr).not.toMatch(/SECRET/);
  });

  it("a server 400 → exit 2 (the parameters' fault), one line", async () => {
    fixed = await startFixedServer(400, {
      code: 400,
      message: "product_id is invalid",
      data: null,
    });
    const run = await runCli(["reviews", "1", "--base-url", fixed.url], { KEYAPI_API_KEY: KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/BadRequestError: product_id is invalid/);
    oneErrorLine(run.stderr);
  });
});
