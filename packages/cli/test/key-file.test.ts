import { spawn, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { BIN, KEY, runCli, tempDir } from "./support.js";

// `--api-key-file` is read before a pull opens its output or watches for signals: whatever the
// file is, the run either has a key or ends with one line, having bought and written nothing.

let mock: MockServer | undefined;
afterEach(() => mock?.close());

const PRODUCT = "1729471493154312768";
const pullTo = (out: string, keyFile: string, url: string) => [
  "--api-key-file",
  keyFile,
  "reviews",
  PRODUCT,
  "--format",
  "ndjson",
  "--out",
  out,
  "--base-url",
  url,
];

describe("a key file that is no key: one line, nothing bought or written", () => {
  it.each<[string, number, (dir: string) => Promise<string>, RegExp]>([
    ["/dev/zero (never ends)", 2, async () => "/dev/zero", /is over 4096 bytes: not a key$/],
    [
      "5 kB of text",
      2,
      async (dir) => {
        const file = path.join(dir, "notes");
        await writeFile(file, "x".repeat(5_000));
        return file;
      },
      /is over 4096 bytes: not a key$/,
    ],
    [
      "a folder",
      2,
      async (dir) => {
        await mkdir(path.join(dir, "keys"));
        return path.join(dir, "keys");
      },
      /^keyapi-tiktok: cannot read --api-key-file .*keys: it is a folder$/,
    ],
    [
      "no such file",
      2,
      async (dir) => path.join(dir, "nothing"),
      /^keyapi-tiktok: cannot read --api-key-file .*nothing: no such file$/,
    ],
    [
      "two lines (a `pass show` with its notes)",
      3,
      async (dir) => {
        const file = path.join(dir, "key");
        await writeFile(file, `${KEY}\nlogin: analyst-SECRET\n`);
        return file;
      },
      /no HTTP header can carry at position 26/,
    ],
  ])("%s → exit %i", { timeout: 30_000 }, async (_name, code, make, said) => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const dir = await tempDir();
    const out = path.join(dir, "reviews.ndjson");
    const run = await runCli(pullTo(out, await make(dir), mock.url));
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(said);
    expect([mock.stats.requests, existsSync(out)]).toEqual([0, false]);
    expect(run.stdout + run.stderr).not.toMatch(/SECRET/);
  });
});

describe("a key file that is a pipe", () => {
  it("a FIFO nothing writes to ends at Ctrl-C (130), nothing opened or bought", async () => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const dir = await tempDir();
    const fifo = path.join(dir, "key.fifo");
    execFileSync("mkfifo", [fifo]);
    const out = path.join(dir, "reviews.ndjson");
    const run = runCli(pullTo(out, fifo, mock.url));
    // Long past start-up: a pull that read the key after it began to watch for signals (and so
    // to defer them) hung here for good; read first, the signal's default ends the wait.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    run.child.kill("SIGINT");
    // A pull that defers the signal would be left behind: it is killed once the case has failed.
    const killed = setTimeout(() => run.child.kill("SIGKILL"), 10_000);
    const done = await run.finally(() => clearTimeout(killed));
    // Ended by the signal itself (the shell's 130); no output, lock or checkpoint was made.
    expect([done.code, run.child.signalCode, mock.stats.requests]).toEqual([null, "SIGINT", 0]);
    expect(await readdir(dir)).toEqual(["key.fifo"]);
  });

  it.each<[string, (key: string, dir: string) => Promise<string[]>]>([
    ["standard input (`--api-key-file -`)", async () => ["-"]],
    [
      "a FIFO whose writer comes later (`<(pass show key)`)",
      async (key, dir) => {
        const fifo = path.join(dir, "key.fifo");
        execFileSync("mkfifo", [fifo]);
        // Opening a FIFO to write waits for its reader: this resolves once the CLI reads.
        void writeFile(fifo, `${key}\n`);
        return [fifo];
      },
    ],
  ])("%s: its key is the one sent", { timeout: 30_000 }, async (_name, keyFile) => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const dir = await tempDir();
    const out = path.join(dir, "reviews.ndjson");
    const [file] = await keyFile(KEY, dir);
    const child = spawn(process.execPath, [BIN, ...pullTo(out, file!, mock.url)], {
      env: { ...process.env, KEYAPI_API_KEY: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdin.end(`${KEY}\n`);
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(mock.stats.charged[KEY]).toBe(1);
    expect((await readFile(out, "utf8")).trim().split("\n")).toHaveLength(10);
  });
});

it("a resumed pull without a key: one line, the data left as it was", async () => {
  mock = await startMockServer({ apiKeys: [KEY] });
  const dir = await tempDir();
  const out = path.join(dir, "reviews.ndjson");
  const args = ["reviews", PRODUCT, "--all", "--format", "ndjson", "--out", out, "--resume"];
  const first = await runCli([...args, "--max-credits", "2", "--base-url", mock.url], {
    KEYAPI_API_KEY: KEY,
  });
  expect(first.code, first.stderr).toBe(3);
  const kept = await readFile(out, "utf8");
  const again = await runCli([...args, "--base-url", mock.url]);
  expect(again.code).toBe(3);
  expect(again.stderr.trimEnd().split("\n"), again.stderr).toEqual([
    "keyapi-tiktok: AuthenticationError: No API key: set KEYAPI_API_KEY or pass --api-key-file FILE",
  ]);
  expect(await readFile(out, "utf8")).toBe(kept);
  expect(mock.stats.requests).toBe(2);
});
