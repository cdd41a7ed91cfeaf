import { execFile } from "node:child_process";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { BIN, KEY, runCli, tempDir } from "./support.js";

let mock: MockServer | undefined;
afterEach(() => mock?.close());

describe("Ctrl-C, SIGTERM, SIGHUP", () => {
  // [signal, format, exit code (128 + the signal's number)]
  it.each([
    ["SIGINT", "json", 130],
    ["SIGINT", "csv", 130],
    ["SIGINT", "ndjson", 130],
    ["SIGTERM", "json", 143],
    ["SIGHUP", "csv", 129],
  ] as const)(
    "%s mid-pull leaves a valid --format %s file, prints the credits spent, exits %i; --resume completes it",
    async (signal, format, code) => {
      mock = await startMockServer({ datasetSize: 3_000, latencyMs: 15 });
      const dir = await tempDir();
      const out = path.join(dir, `r.${format}`);
      const args = ["reviews", "1", "--all", "--format", format, "--out", out];
      const run = runCli([...args, "--base-url", mock.url], { KEYAPI_API_KEY: KEY });
      // Until the end the records go to a file beside --out, renamed into place at the end.
      const written = async () => {
        const partial = (await readdir(dir)).find((f) => f.endsWith(".partial"));
        return partial ? (await stat(path.join(dir, partial))).size : 0;
      };
      await vi.waitFor(async () => expect(await written()).toBeGreaterThan(2000), {
        timeout: 10_000,
      });
      run.child.kill(signal);
      const result = await run;
      expect(result.code).toBe(code);
      // Interrupted: the records so far under --out's name, and the checkpoint to resume from.
      expect((await readdir(dir)).sort()).toEqual([`r.${format}`, `r.${format}.checkpoint`]);
      const m = /(\d+) reviews, (\d+) pages, (\d+) credits spent/.exec(result.stderr);
      expect(m, result.stderr).not.toBeNull();
      const records = parseRecords(format, await readFile(out, "utf8"));
      // Whole records only: every page received is in the file, and nothing after it.
      expect(records.length).toBe(Number(m![1]));
      expect(records.length).toBeLessThan(3_000);

      const resumed = await runCli([...args, "--resume", "--base-url", mock.url], {
        KEYAPI_API_KEY: KEY,
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      // The output, and the finished checkpoint a run given --resume keeps as its receipt.
      expect((await readdir(dir)).sort()).toEqual([`r.${format}`, `r.${format}.checkpoint`]);
      const all = parseRecords(format, await readFile(out, "utf8"));
      expect(all).toHaveLength(3_000);
      // The interrupted run's records are the first ones of the whole, as they were.
      expect(all.slice(0, records.length)).toEqual(records);
    },
  );
});

/** The records of an output file; a CSV's rows as text (one header, CRLF at the end). */
function parseRecords(format: string, text: string): unknown[] {
  if (format === "json") return JSON.parse(text) as unknown[];
  if (format === "ndjson")
    return text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
  expect(text.endsWith("\r\n")).toBe(true);
  const [header, ...rows] = text.trimEnd().split("\r\n");
  expect(rows.every((r) => r !== header)).toBe(true); // one header, also after a resume
  return rows;
}

/** What `command` writes on a pseudo-terminal (`script` gives it one: its stderr is a TTY). */
const onPty = (command: string) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      "script",
      ["-qec", command, "/dev/null"],
      { env: { ...process.env, KEYAPI_API_KEY: KEY } },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );

describe("progress display", () => {
  it("appears on a pseudo-terminal", async () => {
    mock = await startMockServer({ datasetSize: 200, latencyMs: 20 });
    // `script` gives the CLI a real pty; its stderr is then a TTY.
    const command = `${process.execPath} ${BIN} reviews 1 --pages 5 --format ndjson --out /dev/null --base-url ${mock.url}`;
    const output = await onPty(command);
    expect(output).toMatch(/5\/5 pages \| 50 items \| 5 credits \| [\d.]+ req\/s \| ETA/);
    expect(output).not.toContain(KEY);
  });

  it("a pull of many on a pseudo-terminal: entities done, and an ETA only once one is", async () => {
    mock = await startMockServer({ datasetSize: 40, latencyMs: 30 });
    const ids = path.join(await tempDir(), "ids.txt");
    await writeFile(ids, "1\n2\n3\n");
    const command = `${process.execPath} ${BIN} reviews --ids-file ${ids} --all --format ndjson --out /dev/null --base-url ${mock.url}`;
    const output = await onPty(command);
    expect(output).toMatch(/0\/3 entities \| 0 pages \| 0 items \| 0 credits \| ETA …/);
    expect(output).toMatch(/3\/3 entities \| \d+ pages \| \d+ items \| \d+ credits \| ETA 0s/);
    // The bar's own ETA said "INF" (or "NFs") while no entity was done.
    expect(output).not.toMatch(/ETA [^\s]*(INF|NF)/);
  });

  it("a resumed pull of many: the bar starts at the entities done, after the resuming line", async () => {
    mock = await startMockServer({ datasetSize: 40, latencyMs: 30 });
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "1\n2\n3\n4\n");
    const out = path.join(dir, "r.ndjson");
    const pull = `${process.execPath} ${BIN} reviews --ids-file ${ids} --concurrency 1 --format ndjson --out ${out} --base-url ${mock.url}`;
    // One page each (the default): two credits, two products done, then the budget stops it.
    await onPty(`${pull} --max-credits 2`).catch(() => undefined);
    const output = await onPty(`${pull} --resume`);
    expect(output).toMatch(/resuming [^\n]*: 20 records so far, 2 of 4 entities done\r?\n/);
    expect(output).toMatch(/2\/4 entities \| 0 pages \| 0 items \| 0 credits \| ETA …/);
    expect(output).not.toMatch(/0\/4 entities/);
  });

  it("a resumed pull of pages: the bar starts at the pages pulled before, no ETA before a page", async () => {
    mock = await startMockServer({ datasetSize: 200, latencyMs: 30 });
    const out = path.join(await tempDir(), "r.ndjson");
    const pull = `${process.execPath} ${BIN} reviews 1 --pages 12 --concurrency 1 --format ndjson --out ${out} --base-url ${mock.url}`;
    await onPty(`${pull} --max-credits 5`).catch(() => undefined);
    const output = await onPty(`${pull} --resume`);
    expect(output).toMatch(/resuming [^\n]*: 50 records so far, from page 6\r?\n/);
    expect(output).toMatch(/5\/12 pages \| 0 items \| 0 credits \| [\d.]+ req\/s \| ETA …/);
    expect(output).toMatch(/12\/12 pages \| 70 items \| 7 credits \| [\d.]+ req\/s \| ETA 0s/);
    // It counted from 0 (ending at 7/12) and said "ETA 0s" before its first page.
    expect(output).not.toMatch(/ 0\/12 pages|7\/12 pages \| 70 items/);
    expect(output).not.toMatch(/5\/12 pages \| 0 items \| 0 credits \| [\d.]+ req\/s \| ETA 0s/);
  });

  it("stays away when stderr is piped", async () => {
    mock = await startMockServer({ datasetSize: 200, latencyMs: 5 });
    const run = await runCli(
      ["reviews", "1", "--pages", "5", "--format", "ndjson", "--base-url", mock.url],
      { KEYAPI_API_KEY: KEY },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("50 reviews, 5 pages, 5 credits spent (5 requests)\n");
  });
});
