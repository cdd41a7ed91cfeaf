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
    [
      "/dev/zero (never ends)",
      2,
      async () => "/dev/zero",
      /^keyapi-tiktok: --api-key-file is over 4096 bytes: not a key$/,
    ],
    [
      "5 kB of text",
      2,
      async (dir) => {
        const file = path.join(dir, "notes");
        await writeFile(file, "x".repeat(5_000));
        return file;
      },
      /^keyapi-tiktok: --api-key-file is over 4096 bytes: not a key$/,
    ],
    [
      "a folder",
      2,
      async (dir) => {
        await mkdir(path.join(dir, "keys"));
        return path.join(dir, "keys");
      },
      /^keyapi-tiktok: cannot read --api-key-file: it is a folder$/,
    ],
    [
      "no such file",
      2,
      async (dir) => path.join(dir, "nothing"),
      /^keyapi-tiktok: cannot read --api-key-file: no such file$/,
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

describe("a key pasted where its file's path goes is never echoed", () => {
  const PASTED = "sk_live_PASTED_0123456789";
  it.each<[string, (dir: string) => string[], string[]]>([
    [
      "reviews",
      () => ["reviews", PRODUCT],
      ["keyapi-tiktok: cannot read --api-key-file: no such file"],
    ],
    [
      "contract, its reports too",
      (dir) => ["contract", "--junit", `${dir}/c.xml`, "--markdown", `${dir}/c.md`],
      [],
    ],
  ])("%s", { timeout: 30_000 }, async (_name, args, lines) => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const dir = await tempDir();
    const run = await runCli(["--api-key-file", PASTED, ...args(dir), "--base-url", mock.url]);
    expect(run.code, run.stderr).toBe(2);
    if (lines.length) expect(run.stderr.trimEnd().split("\n")).toEqual(lines);
    else expect(run.stderr).toContain("keyapi-tiktok: cannot read --api-key-file: no such file");
    const reports = await Promise.all(
      (await readdir(dir)).map((f) => readFile(path.join(dir, f), "utf8")),
    );
    expect(mock.stats.requests).toBe(0);
    expect([run.stdout, run.stderr, ...reports].filter((t) => t.includes("PASTED"))).toEqual([]);
  });
});

describe("a key file that is a pipe", () => {
  /** The mock, and a FIFO as the key file beside the pull's output, in a folder of their own. */
  const keyFifo = async () => {
    const server = (mock = await startMockServer({ apiKeys: [KEY] }));
    const dir = await tempDir();
    const fifo = path.join(dir, "key.fifo");
    execFileSync("mkfifo", [fifo]);
    return { server, dir, fifo, out: path.join(dir, "reviews.ndjson") };
  };

  it("a FIFO nothing writes to ends at Ctrl-C (130), nothing opened or bought", async () => {
    const { server, dir, fifo, out } = await keyFifo();
    const run = runCli(pullTo(out, fifo, server.url));
    // Long past start-up: a pull that read the key after it began to watch for signals (and so
    // to defer them) hung here for good; read first, the signal's default ends the wait.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    run.child.kill("SIGINT");
    // A pull that defers the signal would be left behind: it is killed once the case has failed.
    const killed = setTimeout(() => run.child.kill("SIGKILL"), 10_000);
    const done = await run.finally(() => clearTimeout(killed));
    // Ended by the signal itself (the shell's 130); no output, lock or checkpoint was made.
    expect([done.code, run.child.signalCode, server.stats.requests]).toEqual([null, "SIGINT", 0]);
    expect(await readdir(dir)).toEqual(["key.fifo"]);
  });

  it("a FIFO whose writer is slow: the wait is said on a terminal, then the key is read", async () => {
    const { server, fifo, out } = await keyFifo();
    // `script` gives the CLI a terminal for stderr, where a person waits with it.
    const cli = [process.execPath, BIN, ...pullTo(out, fifo, server.url)].map((a) => `"${a}"`);
    const child = spawn("script", ["-qec", cli.join(" "), "/dev/null"], {
      env: { ...process.env, KEYAPI_API_KEY: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let said = "";
    child.stdout.on("data", (d: Buffer) => (said += d));
    const closed = new Promise((resolve) => child.on("close", resolve));
    // Past the moment the wait is said; then the writer comes (opening waits for the reader).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = said;
    await writeFile(fifo, `${KEY}\n`);
    expect(await closed, said).toBe(0);
    expect(before).toContain("waiting for the key from --api-key-file (Ctrl-C stops)");
    expect(server.stats.requests).toBe(1); // one page, bought with the key read
    expect(existsSync(out)).toBe(true);
    expect(said).not.toContain(KEY);
  });

  // A FIFO's writer that sends too much and stays open: the file stream's read waited in a
  // worker thread for its next bytes, so the run said its line and then hung as long as the
  // writer lived. Ended by the refusal now, long before the writer (the case's timeout).
  // [flag, the CLI's arguments in bash, W for the writer's wait, the refusal]. The writer's
  // stderr is not the CLI's: the case waits for the CLI's streams alone to close.
  it.each<[string, string, RegExp]>([
    [
      "--api-key-file",
      `--api-key-file <(head -c 5000 /dev/zero; W) reviews ${PRODUCT}`,
      /^keyapi-tiktok: --api-key-file is over 4096 bytes: not a key$/,
    ],
    [
      "--ids-file",
      // 64 MB and one byte: the writer has written it all and waits, as the key case's does.
      "--mock reviews --ids-file <(head -c 67108865 /dev/zero; W)",
      /^keyapi-tiktok: --ids-file \/dev\/fd\/\d+ is over 64 MB: not a list of ids/,
    ],
  ])(
    "%s from a writer that stays open: refused, and the run ends",
    { timeout: 20_000 },
    async (_flag, args, refusal) => {
      const script = `exec "$0" "$1" ${args.replace("W", "sleep 120").replace("<(", "<(exec 2>/dev/null; ")}`;
      const child = spawn("bash", ["-c", script, process.execPath, BIN], {
        env: { ...process.env, KEYAPI_API_KEY: "" },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      const code = await new Promise((resolve) => child.on("close", resolve));
      process.kill(-child.pid!, "SIGKILL"); // the writer's sleep, left in the group
      expect(code, stderr).toBe(2);
      expect(stderr.trimEnd()).toMatch(refusal);
    },
  );

  // [--api-key-file, what the refusal calls it]: every name of a terminal, not only `-`.
  it.each([
    ["-", "-: standard input is"],
    ["/dev/stdin", "is"],
    ["/dev/fd/0", "is"],
    ["/dev/tty", "is"],
  ])("%s at a terminal: refused, the key is not typed where it is echoed", async (file, said) => {
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      // `script` gives the CLI a terminal for its standard input, as an analyst's shell does.
      const cli = `"${process.execPath}" "${BIN}" --api-key-file ${file} reviews ${PRODUCT}`;
      const child = spawn("script", ["-qec", cli, "/dev/null"], {
        env: { ...process.env, KEYAPI_API_KEY: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d));
      child.on("close", (code) => resolve({ code, out }));
    });
    expect(run.code, run.out).toBe(2);
    expect(run.out.trim()).toBe(
      `keyapi-tiktok: --api-key-file ${said} a terminal; pipe the key in (pass show keyapi | keyapi-tiktok --api-key-file - …)`,
    );
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
