import { spawn } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";
import { saveCheckpoint, type Checkpoint } from "../src/export/checkpoint.js";
import { nodeFs } from "../src/output/sync-fs.js";
import { BIN, KEY, runCli, tempDir } from "./support.js";
import { startFixedServer } from "./support-hostile-server.js";

// What a hostile user's review of the CLI found (2026-12-02); each row failed before its fix.

const P = "1729471493154312768";
let fixed: Awaited<ReturnType<typeof startFixedServer>> | undefined;
afterEach(async () => {
  await fixed?.close();
  fixed = undefined;
});

/** The CLI with stdout on `/dev/full`: every write to it fails with ENOSPC. */
function runToFullDisk(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = openSync("/dev/full", "w");
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", full, "pipe"] });
  closeSync(full);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("a full disk under the last page is exit 6, never 0 with the records lost", () => {
  // [case, arguments (stdout is /dev/full in every row), the line]
  it.each<[string, string[], string]>([
    ["stdout, one page of CSV", ["--format", "csv"], "cannot write stdout: the disk is full"],
    ["stdout, one page of JSON", ["--format", "json"], "cannot write stdout: the disk is full"],
    [
      "--out /dev/full, one page",
      ["--format", "ndjson", "--out", "/dev/full"],
      "cannot write --out /dev/full: the disk is full",
    ],
  ])("%s", async (_case, args, line) => {
    const run = await runToFullDisk(["--mock", "reviews", P, ...args]);
    expect(run.code, run.stderr).toBe(EXIT.output);
    // One line: the bin's own stdout handler printed it a second time.
    expect(run.stderr.split("\n").filter((l) => l.includes("cannot write"))).toEqual([
      `keyapi-tiktok: ${line}`,
    ]);
  });
});

describe("a pull of many entities leaves out, by name, a record it cannot write", () => {
  const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
  // [case, the page's items as JSON text, records written, the lines left out]
  it.each<[string, string, number, RegExp]>([
    [
      "items that are not objects (null, a number, a list)",
      '[null, 5, [1, 2], {"review_id": "r1", "rating": 5}]',
      2,
      /left out a record of product_id A, page 1: not an object, so it cannot carry its entity/,
    ],
    [
      "a record nested 5,000 levels",
      `[${deep}, {"review_id": "r1", "rating": 5}]`,
      2,
      /left out a record of product_id A, page 1: nested deeper than 256 levels/,
    ],
    [
      "a record carrying its entity: named by its own id, the entity said once",
      `[{"product_id": "A", "review_id": "r2", "x": ${deep}}, {"review_id": "r1", "rating": 5}]`,
      2,
      /left out a record of product_id A, page 1 \(review_id r2\): nested deeper than 256/,
    ],
  ])("%s", async (_case, items, records, leftOut) => {
    fixed = await startFixedServer(200, `{"code":0,"message":"success","data":${items}}`);
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "A\nB\n");
    const out = path.join(dir, "out.ndjson");
    const run = await runCli(
      ["--base-url", fixed.url, "reviews", "--ids-file", ids, "--all", "--format", "ndjson"].concat(
        ["--out", out],
      ),
      { KEYAPI_API_KEY: KEY },
    );
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stderr).toMatch(leftOut);
    expect((await readFile(out, "utf8")).trim().split("\n")).toHaveLength(records);
    expect(run.stderr).toMatch(/records left out \(named above\)/);
  });
});

describe("global options refused in one usage line, before anything is opened or sent", () => {
  // [case, arguments, environment, the line]
  it.each<[string, string[], Record<string, string>, string]>([
    [
      "a --redis-url whose port is a word (with --mock: it hung)",
      ["--mock", "--redis-url", "redis://127.0.0.1:notaport"],
      {},
      '--redis-url (or KEYAPI_REDIS_URL) must be a redis:// or rediss:// URL, got "redis://127.0.0.1:notaport"',
    ],
    [
      "a KEYAPI_REDIS_URL with a password and a port past 65535",
      ["--mock"],
      { KEYAPI_REDIS_URL: "redis://u:secret-pw@h:99999" },
      "--redis-url (or KEYAPI_REDIS_URL) must be a redis:// or rediss:// URL, got a value with an @ (not shown: it may hold a password)",
    ],
    [
      "a --redis-url with a password in its query, broken",
      ["--mock", "--redis-url", "redis://cache:6379x/0?password=secret-pw"],
      {},
      "--redis-url (or KEYAPI_REDIS_URL) must be a redis:// or rediss:// URL, got a value with a query or fragment (not shown: it may hold a secret)",
    ],
    // ioredis sent SELECT NaN and ended the process with a stack (exit 1, the lock left).
    [
      "a --redis-url whose database is no number, with a password",
      ["--mock", "--redis-url", "redis://:secret-pw@127.0.0.1:6379/abc"],
      {},
      "--redis-url (or KEYAPI_REDIS_URL) must name its database by number, if at all (redis://host:6379/0), got a value with an @ (not shown: it may hold a password)",
    ],
    // ioredis threw "URI malformed" after the pull had begun (exit 5).
    [
      "a --redis-url whose password has a broken %-escape",
      ["--mock", "--redis-url", "redis://:secret%ZZpw@127.0.0.1:6379/0"],
      {},
      "--redis-url (or KEYAPI_REDIS_URL) has a user or password whose %-escapes are broken, got a value with an @ (not shown: it may hold a password)",
    ],
    [
      "a --base-url with a query",
      ["--base-url", "http://127.0.0.1:9?x=1"],
      {},
      "--base-url: a query or fragment is not supported",
    ],
    [
      "a --base-url ending in a space",
      ["--base-url", "http://127.0.0.1:9 "],
      {},
      "--base-url: ends with a space or a control character",
    ],
  ])("%s", async (_case, globals, env, line) => {
    const run = await runCli([...globals, "reviews", P, "--format", "ndjson"], {
      KEYAPI_API_KEY: KEY,
      ...env,
    });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.trim().split("\n")).toEqual([`keyapi-tiktok: ${line}`]);
    expect(run.stderr).not.toContain("secret-pw");
  });

  it("an empty product id is refused by name, nothing sent", async () => {
    fixed = await startFixedServer(200, { code: 0, data: [] });
    const run = await runCli(["--base-url", fixed.url, "reviews", "", "--format", "ndjson"], {
      KEYAPI_API_KEY: KEY,
    });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/product_id: required query parameter is empty/);
    expect(fixed.requests()).toBe(0);
  });
});

describe("--out naming an input by another name is refused; the input is kept", () => {
  // [case, make the input and an --out that is it, the flags naming the input]
  it.each<[string, (dir: string) => Promise<[string, string[]]>, string]>([
    [
      "--out a symlink to the --ids-file",
      async (dir) => {
        await writeFile(path.join(dir, "ids.txt"), `${P}\n`);
        await symlink("ids.txt", path.join(dir, "link.txt"));
        return [path.join(dir, "ids.txt"), ["reviews", "--ids-file", path.join(dir, "ids.txt")]];
      },
      "--ids-file and --out are the same file: the records would replace the ids",
    ],
    [
      "--out the --api-key-file",
      async (dir) => {
        await writeFile(path.join(dir, "ids.txt"), "sk_test_key_file\n");
        await symlink("ids.txt", path.join(dir, "link.txt"));
        return [
          path.join(dir, "ids.txt"),
          ["--api-key-file", path.join(dir, "ids.txt"), "reviews", P],
        ];
      },
      "--api-key-file and --out are the same file: the records would replace the key",
    ],
  ])("%s", async (_case, make, line) => {
    const dir = await tempDir();
    const [input, args] = await make(dir);
    const before = await readFile(input, "utf8");
    const run = await runCli(["--mock", ...args, "--all", "--out", path.join(dir, "link.txt")]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.trim()).toBe(`keyapi-tiktok: ${line}`);
    expect(await readFile(input, "utf8")).toBe(before);
  });
});

it("--ids-file - reading the --out file from standard input: refused, the ids kept", async () => {
  const dir = await tempDir();
  const ids = path.join(dir, "ids.txt");
  await writeFile(ids, `${P}\n`);
  const script = `exec '${process.execPath}' '${BIN}' --mock reviews --ids-file - --all --out '${ids}' < '${ids}'`;
  const child = spawn("bash", ["-c", script], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise((r) => child.on("close", r));
  expect(code).toBe(EXIT.usage);
  expect(stderr.trim()).toBe(
    "keyapi-tiktok: --ids-file and --out are the same file: the records would replace the ids",
  );
  expect(await readFile(ids, "utf8")).toBe(`${P}\n`);
});

describe("call: nothing on the command line is dropped without a word", () => {
  const R = "/v1/tiktok/product/reviews/analytics";
  // [case, call's arguments, the line]
  it.each<[string, string[], RegExp]>([
    [
      "a parameter given twice",
      ["-q", "product_id=AAA", "-q", "product_id=BBB"],
      /^keyapi-tiktok: --query gives product_id twice: give it once$/,
    ],
    [
      "a parameter named __proto__",
      ["-q", `product_id=${P}`, "-q", "__proto__=1"],
      /__proto__: not a query parameter of this operation/,
    ],
    [
      "a parameter given by --each and by --query",
      ["--each", "product_id=@/dev/null", "-q", "product_id=999"],
      /^keyapi-tiktok: --each and --query both give product_id: give it once$/,
    ],
    [
      "--each over the page number: every value would buy the same pages again",
      ["--each", "page_num=@/dev/null", "-q", `product_id=${P}`],
      /^keyapi-tiktok: --each: page_num is the pages' own parameter; the pull walks it itself$/,
    ],
    [
      "--each over the page size",
      ["--each", "page_size=@/dev/null", "-q", `product_id=${P}`],
      /^keyapi-tiktok: --each: page_size is the pages' own parameter/,
    ],
    [
      "a --body for an operation that takes none",
      ["-q", `product_id=${P}`, "--body", '{"x":1}'],
      new RegExp(`^keyapi-tiktok: GET ${R} takes no body: drop --body$`),
    ],
  ])("%s", async (_case, args, line) => {
    const run = await runCli(["--mock", "call", R, ...args, "--format", "ndjson"]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.trim()).toMatch(line);
    expect(run.stdout).toBe("");
  });
});

describe("a checkpoint write that fails leaves no temp file beside the output", () => {
  it("a full disk while the temp file is written: it goes, the old checkpoint stands", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const io = {
      ...nodeFs,
      writeFileSync: ((file: string) => {
        writeFileSync(file, ""); // created, then the disk is full
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      }) as typeof nodeFs.writeFileSync,
    };
    expect(() => saveCheckpoint(out, {} as Checkpoint, io)).toThrow(/ENOSPC/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("a reader gone from a device --out is a stop as asked, exit 0", () => {
  it("--out /dev/stdout | head -c 100", async () => {
    // A shell's pipe (Node's own stdio is a socket, which /dev/stdout cannot open). The last
    // page's EPIPE once arrived after the pull stopped watching, as exit 6, 4 runs in 5.
    const pull = `"${process.execPath}" "${BIN}" --mock reviews ${P} --all --format ndjson --out /dev/stdout`;
    for (let run = 0; run < 3; run++) {
      const shell = spawn(
        "bash",
        ["-c", `${pull} | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stdout = "";
      let stderr = "";
      shell.stdout!.on("data", (d: Buffer) => (stdout += d));
      shell.stderr!.on("data", (d: Buffer) => (stderr += d));
      await new Promise((resolve) => shell.on("close", resolve));
      expect(stdout.trim(), stderr).toBe(String(EXIT.ok));
      expect(stderr).not.toMatch(/cannot write/);
      // A pipe keeps nothing once read: no line says the records are "in /dev/stdout".
      expect(stderr).not.toMatch(/records received are in/);
    }
  });
});

describe("contract: a report naming the --api-key-file is refused, the key kept", () => {
  it.each(["--junit", "--markdown"])("%s", async (flag) => {
    const dir = await tempDir();
    const key = path.join(dir, "key.txt");
    await writeFile(key, "sk_test_key_file\n");
    const run = await runCli([
      "--mock",
      "--api-key-file",
      key,
      "contract",
      flag,
      `${dir}/./key.txt`,
    ]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.trim()).toBe(
      `keyapi-tiktok: --api-key-file and ${flag} are the same file: the report would replace the key`,
    );
    expect(await readFile(key, "utf8")).toBe("sk_test_key_file\n");
  });
});

it("--out /dev/stdout when stdout is a socket (a service's, a CI runner's): one line that says why", async () => {
  // Node's own child stdio is a socket: /dev/stdout cannot open it (ENXIO), before anything is sent.
  const run = await runCli(["--mock", "reviews", P, "--format", "ndjson", "--out", "/dev/stdout"]);
  expect(run.code).toBe(EXIT.output);
  expect(run.stderr.trim()).toBe(
    "keyapi-tiktok: cannot write --out /dev/stdout: nothing reads it, or it is a socket, which cannot be opened by name (drop --out to write to stdout)",
  );
});
