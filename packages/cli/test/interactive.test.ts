import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
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
    "%s mid-pull leaves a valid --format %s file, prints the credits spent, exits %i",
    async (signal, format, code) => {
      mock = await startMockServer({ datasetSize: 10_000, latencyMs: 15 });
      const dir = await tempDir();
      const out = path.join(dir, `r.${format}`);
      const run = runCli(
        ["reviews", "1", "--all", "--format", format, "--out", out, "--base-url", mock.url],
        { KEYAPI_API_KEY: KEY },
      );
      // Until the end the records go to a temp file beside --out, renamed into place at the end.
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
      expect(await readdir(dir)).toEqual([`r.${format}`]);
      const m = /(\d+) reviews, (\d+) pages, (\d+) credits spent/.exec(result.stderr);
      expect(m, result.stderr).not.toBeNull();
      const text = await readFile(out, "utf8");
      const records =
        format === "json"
          ? JSON.parse(text)
          : format === "ndjson"
            ? text
                .trimEnd()
                .split("\n")
                .map((l) => JSON.parse(l))
            : text.trimEnd().split("\r\n").slice(1);
      // Whole records only: every page received is in the file, and nothing after it.
      expect(records.length).toBe(Number(m![1]));
      expect(records.length).toBeLessThan(10_000);
      if (format === "csv") expect(text.endsWith("\r\n")).toBe(true);
    },
  );
});

describe("progress display", () => {
  it("appears on a pseudo-terminal", async () => {
    mock = await startMockServer({ datasetSize: 200, latencyMs: 20 });
    // `script` gives the CLI a real pty; its stderr is then a TTY.
    const command = `${process.execPath} ${BIN} reviews 1 --pages 5 --format ndjson --out /dev/null --base-url ${mock.url}`;
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        { env: { ...process.env, KEYAPI_API_KEY: KEY } },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(output).toMatch(/5\/5 pages \| 50 items \| 5 credits \| [\d.]+ req\/s \| ETA/);
    expect(output).not.toContain(KEY);
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
