import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { BIN, KEY, runCli, signalInTurn, tempDir } from "./support.js";

// A first Ctrl-C (or SIGTERM) lets the pages in flight arrive and writes them: nothing bought is
// thrown away, so the stopped run and its --resume together buy each page once. A second one
// stops at once, as one did before.

let mock: MockServer | undefined;
afterEach(() => mock?.close());

const env = { KEYAPI_API_KEY: KEY };
const charged = () => Object.values(mock!.stats.charged).reduce((a, b) => a + b, 0);
const lines = async (file: string) =>
  (await readFile(file, "utf8").catch(() => "")).split("\n").filter(Boolean).length;

/** Until a page of 10 is on disk in `partial` and three more are bought and in flight. */
async function untilInFlight(partial: string): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    const written = await lines(partial);
    if (written >= 10 && charged() >= written / 10 + 3) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(charged() - (await lines(partial)) / 10).toBeGreaterThanOrEqual(3);
}

describe("a pull stopped by a signal keeps the pages in flight", () => {
  // [signals sent, exit code, whether the pages in flight are kept]
  it.each([
    [["SIGINT"], 130, true],
    [["SIGTERM"], 143, true],
    [["SIGINT", "SIGINT"], 130, false],
  ] as const)("%j: exit %i, pages in flight kept: %s", async (signals, code, kept) => {
    // Answers slow enough (the vendor's 1.5 s, near enough) that pages are in flight at each signal.
    mock = await startMockServer({ datasetSize: 300, latencyMs: 1_000, apiKeys: [KEY] });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const args = ["reviews", "1", "--all", "--page-size", "10", "--concurrency", "8"];
    const common = ["--format", "ndjson", "--out", out, "--base-url", mock.url];
    const run = runCli([...args, ...common], env);
    await untilInFlight(`${out}.partial`);
    await signalInTurn(run.child, signals);
    const stopped = await run;
    expect(stopped.code, stopped.stderr).toBe(code);
    expect(stopped.stderr).toMatch(/^stopping: the pages in flight are arriving/m);
    const m = /(\d+) reviews, (\d+) pages, (\d+) credits spent/.exec(stopped.stderr);
    expect(m, stopped.stderr).not.toBeNull();
    const [records, pages, credits] = m!.slice(1).map(Number) as [number, number, number];
    expect(await lines(out)).toBe(records);
    expect(records).toBe(pages * 10);
    if (kept) {
      // Every page the vendor charged is in the file, and the credits line says so.
      expect(charged()).toBe(pages);
      expect(credits).toBe(pages);
    } else expect(charged()).toBeGreaterThan(pages);

    // The resumed run goes on from the page after the last one kept: each review once.
    const resumed = await runCli([...args, ...common, "--resume"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const all = (await readFile(out, "utf8")).trimEnd().split("\n");
    expect(all).toHaveLength(300);
    expect(new Set(all.map((l) => (JSON.parse(l) as { review_id: string }).review_id)).size).toBe(
      300,
    );
  });

  it("a pull of many: the products begun finish their pages in flight; --resume buys the rest once", async () => {
    mock = await startMockServer({ datasetSize: 200, latencyMs: 400, apiKeys: [KEY] });
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "101\n102\n103\n104\n105\n106\n");
    const out = path.join(dir, "r.ndjson");
    const args = ["reviews", "--ids-file", ids, "--all", "--page-size", "10", "--concurrency", "8"];
    const common = ["--format", "ndjson", "--out", out, "--base-url", mock.url];
    const run = runCli([...args, ...common], env);
    await untilInFlight(`${out}.partial`);
    run.child.kill("SIGINT");
    const stopped = await run;
    expect(stopped.code, stopped.stderr).toBe(130);
    const m =
      /(\d+) reviews from \d+ of 6 products pulled whole, (\d+) pages, (\d+) credits spent/.exec(
        stopped.stderr,
      );
    expect(m, stopped.stderr).not.toBeNull();
    const [records, pages] = m!.slice(1).map(Number) as [number, number];
    expect(await lines(out)).toBe(records);
    // Every page charged is in the file: the six products' pages are full or the empty last.
    expect(charged()).toBe(pages);

    const resumed = await runCli([...args, ...common, "--resume"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const all = (await readFile(out, "utf8")).trimEnd().split("\n");
    const keys = all.map((l) => {
      const r = JSON.parse(l) as { product_id: string; review_id: string };
      return `${r.product_id}/${r.review_id}`;
    });
    expect(keys).toHaveLength(1200);
    expect(new Set(keys).size).toBe(1200);
  });
});

describe("a signal while a pull's last pages are in flight", () => {
  // [pull, its arguments, the records there are, the pages there are]
  it.each([
    ["one product", (_ids: string) => ["reviews", "1"], 25, 3],
    ["a pull of many", (ids: string) => ["reviews", "--ids-file", ids], 50, 6],
  ])(
    "%s: those pages finish it: exit 0, the old file replaced whole, no checkpoint left",
    async (_name, argsOf, records, pages) => {
      mock = await startMockServer({ datasetSize: 25, latencyMs: 1_000, apiKeys: [KEY] });
      const dir = await tempDir();
      const ids = path.join(dir, "ids.txt");
      await writeFile(ids, "101\n102\n");
      const out = path.join(dir, "r.ndjson");
      // There before: only a complete pull replaces it.
      await writeFile(out, '{"old":1}\n');
      const args = [...argsOf(ids), "--all", "--page-size", "10", "--concurrency", "8"];
      const run = runCli(
        [...args, "--format", "ndjson", "--out", out, "--base-url", mock.url],
        env,
      );
      // A first page on disk and every page there is bought: the rest are in flight.
      for (
        let i = 0;
        i < 4000 && !((await lines(`${out}.partial`)) >= 10 && charged() >= pages);
        i++
      )
        await new Promise((r) => setTimeout(r, 5));
      expect(charged()).toBe(pages);
      run.child.kill("SIGINT");
      const ended = await run;
      expect(ended.code, ended.stderr).toBe(0);
      expect(ended.stderr).toMatch(/^stopping: the pages in flight are arriving/m);
      expect(ended.stderr).toMatch(/^the pages in flight were the last: the pull is complete$/m);
      expect(ended.stderr).not.toMatch(/interrupted/);
      expect(await lines(out)).toBe(records);
      expect(existsSync(`${out}.partial`)).toBe(false);
      expect(existsSync(`${out}.checkpoint`)).toBe(false);
      expect(charged()).toBe(pages);
    },
  );
});

describe("a pull whose output cannot be opened", () => {
  it("--out a FIFO nobody reads: the second Ctrl-C ends the process, by the signal", async () => {
    mock = await startMockServer({ datasetSize: 30, apiKeys: [KEY] });
    const dir = await tempDir();
    const fifo = path.join(dir, "out.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const run = runCli(["reviews", "1", "--out", fifo, "--base-url", mock.url], env);
    let heard = "";
    run.child.stderr!.on("data", (d: Buffer) => (heard += d));
    // Long enough to be waiting in the open (the key is read, the mock is up).
    await new Promise((r) => setTimeout(r, 1_500));
    await signalInTurn(run.child, ["SIGINT", "SIGINT"]);
    // Were it still there after 20 s, the case has failed: it is killed (SIGKILL).
    const killer = setTimeout(() => run.child.kill("SIGKILL"), 20_000);
    const ended = await run.finally(() => clearTimeout(killer));
    expect([ended.code, run.child.signalCode]).toEqual([null, "SIGINT"]);
    expect(heard).toMatch(/^stopping: /m);
    expect(mock.stats.requests).toBe(0);
  });
});

describe("a signal while the output is being locked and opened", () => {
  // [pull, its arguments after the output's]. The signal comes as the lock is taken: before,
  // no handler was watching yet, and the process died there, leaving its lock (and, a moment
  // later, an empty checkpoint).
  it.each([
    ["one product", (_dir: string) => ["reviews", "1", "--all"]],
    [
      "a pull of many",
      (dir: string) => ["reviews", "--ids-file", path.join(dir, "ids.txt"), "--all"],
    ],
  ])(
    "%s: exit 130, the lock let go, and --resume or a rerun completes it",
    async (_name, argsOf) => {
      mock = await startMockServer({ datasetSize: 30, apiKeys: [KEY] });
      const dir = await tempDir();
      await writeFile(path.join(dir, "ids.txt"), "101\n102\n");
      const hook = path.join(dir, "hook.cjs");
      await writeFile(
        hook,
        `const fs = require("fs"); const open = fs.openSync;
fs.openSync = (file, ...rest) => {
  if (String(file).endsWith(".lock")) process.kill(process.pid, "SIGINT");
  return open(file, ...rest);
};
require("module").syncBuiltinESMExports();`,
      );
      const out = path.join(dir, "r.ndjson");
      const args = [...argsOf(dir), "--format", "ndjson", "--out", out, "--base-url", mock.url];
      const child = spawn(process.execPath, ["--require", hook, BIN, ...args], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr += d));
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(code, stderr).toBe(130);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack
      expect(existsSync(`${out}.lock`)).toBe(false);
      // The signal lands a moment later (a process sees it between two turns of its loop): the
      // first pages may be asked for by then, and each one bought is in the file.
      expect(await lines(out)).toBe(charged() * 10);
      // Whatever it left is a pull stopped before its first page: --resume, or a rerun, ends it.
      const again = await runCli(
        [...args, ...(existsSync(`${out}.checkpoint`) ? ["--resume"] : [])],
        env,
      );
      expect(again.code, again.stderr).toBe(0);
      expect(await lines(out)).toBe(args.includes("--ids-file") ? 60 : 30);
    },
  );
});

describe("a terminal that hangs up (SIGHUP, a closed window)", () => {
  it("ends the pull well: every page bought in --out, the lock let go", async () => {
    mock = await startMockServer({ datasetSize: 300, latencyMs: 1_000, apiKeys: [KEY] });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    // `script` gives the CLI a terminal; killing `script` closes it, and the kernel sends the CLI
    // SIGHUP. Every write to that terminal then fails (EIO): the first, "stopping: …", used to
    // end the process there, its lock and the pages in flight left behind.
    const cli = `${process.execPath} ${BIN} reviews 1 --all --concurrency 8 --format ndjson --out ${out} --base-url ${mock.url}`;
    const pty = spawn("script", ["-qec", cli, "/dev/null"], {
      env: { ...process.env, ...env },
      stdio: ["pipe", "ignore", "ignore"],
    });
    await untilInFlight(`${out}.partial`);
    pty.kill("SIGKILL");
    // The CLI goes on alone until its output is in place.
    for (let i = 0; i < 3000 && existsSync(`${out}.lock`); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(`${out}.lock`)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(await lines(out)).toBe(charged() * 10);
    const checkpoint = JSON.parse(await readFile(`${out}.checkpoint`, "utf8")) as {
      nextPage: number;
      records: number;
    };
    expect(checkpoint).toMatchObject({ nextPage: charged() + 1, records: charged() * 10 });
  });
});
