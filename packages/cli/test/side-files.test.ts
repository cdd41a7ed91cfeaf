import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { KEY, runCli, tempDir, type Run } from "./support.js";

// What sits at the name of one of `--out`'s side files (its lock, checkpoint, list of failures)
// is read back by the next run. A folder, a FIFO or a device there was read as it came: a FIFO
// blocked the run (past Ctrl-C, in a synchronous open), `/dev/zero` filled memory, a folder at
// the lock spun a core for ever. Each is one line now, exit 6, naming the file, nothing bought.

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const start = async (latencyMs = 0) => {
  const m = await startMockServer({ datasetSize: 400, latencyMs });
  servers.push(m);
  return m;
};
const env = { KEYAPI_API_KEY: KEY };
const mkfifo = async (file: string) => execFileSync("mkfifo", [file]);
const truncate = async (file: string, size: string) => execFileSync("truncate", ["-s", size, file]);

/** A checkpoint as a run writes it, its query nested 200,000 levels deep. */
const deepCheckpoint = (out: string) =>
  `{"version":2,"operation":"GET /v1/tiktok/product/reviews/analytics","params":{"query":${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}},"format":"ndjson","pageSize":10,"source":"mock","nextPage":2,"records":10,"bytes":100,"file":"${path.basename(out)}.partial"}`;

/** The CLI's run, killed (and the case failed) if it has not ended in 20 s: a hang is a bug. */
async function ended(run: ReturnType<typeof runCli>): Promise<Run & { hung: boolean }> {
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    run.child.kill("SIGKILL");
  }, 20_000);
  const done = await run;
  clearTimeout(timer);
  return { ...done, hung };
}

const pull = (out: string, url: string) =>
  "reviews 7 --all --format ndjson".split(" ").concat(["--out", out, "--base-url", url]);

describe("a strange file at a side file's name: one line, exit 6, never waited on", () => {
  // [what is there, made by, the line; exit 6 unless the row says]
  it.each<[string, (out: string) => Promise<unknown>, RegExp, number?]>([
    ["a folder at the lock", (out) => mkdir(`${out}.lock`), /its lock .*\.lock is a folder/],
    ["a FIFO at the lock", (out) => mkfifo(`${out}.lock`), /its lock .*\.lock is not a regular/],
    [
      "a lock of 300 MB (read whole, one of newlines crashed the process)",
      (out) => writeFile(`${out}.lock`, "").then(() => truncate(`${out}.lock`, "300M")),
      /its lock .*\.lock is over 4096 bytes, no lock of ours/,
    ],
    [
      "a link that loops at the checkpoint",
      (out) => symlink(`${out}.checkpoint`, `${out}.checkpoint`),
      /cannot read the checkpoint .*\.checkpoint: it is a link that loops/,
    ],
    [
      "a checkpoint whose query nests 200,000 levels (it ran the comparison out of stack)",
      (out) => writeFile(`${out}.checkpoint`, deepCheckpoint(out)),
      /the checkpoint .*\.checkpoint is damaged \(bad `params`\)/,
      2,
    ],
    [
      "a FIFO at the checkpoint",
      (out) => mkfifo(`${out}.checkpoint`),
      /cannot read the checkpoint .*\.checkpoint: it is not a regular file/,
    ],
    [
      "a link to /dev/zero at the checkpoint",
      (out) => symlink("/dev/zero", `${out}.checkpoint`),
      /cannot read the checkpoint .*\.checkpoint: it is not a regular file/,
    ],
    [
      "a folder at the checkpoint (the data's --out is not to blame)",
      (out) => mkdir(`${out}.checkpoint`),
      /^keyapi-tiktok: cannot read the checkpoint .*\.checkpoint: it is a folder\n$/,
    ],
    [
      "a checkpoint larger than any (a sparse 1 GB file)",
      (out) => writeFile(`${out}.checkpoint`, "").then(() => truncate(`${out}.checkpoint`, "1G")),
      /cannot read the checkpoint .*\.checkpoint: it is over 64 MB, larger than any checkpoint/,
    ],
  ])("%s", async (_what, make, line, code = 6) => {
    const m = await start();
    const out = path.join(await tempDir(), "r.ndjson");
    await make(out);
    const run = await ended(runCli(pull(out, m.url), env));
    expect(run.hung, "the run hung").toBe(false);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(line);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(m.stats.requests).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it("a FIFO at FILE.failed, resumed: refused before anything is bought, Ctrl-C not needed", async () => {
    const m = await start(40);
    const dir = await tempDir();
    const [ids, out] = [path.join(dir, "ids.txt"), path.join(dir, "r.ndjson")];
    await writeFile(ids, "7\n8\n9\n");
    const args = ["reviews", "--ids-file", ids, "--all", "--format", "ndjson"];
    const first = runCli([...args, "--rps", "20", "--out", out, "--base-url", m.url], env);
    // Killed once a page is checkpointed: a run to resume.
    for (let i = 0; i < 4_000 && !hasRecords(`${out}.checkpoint`); i++)
      await new Promise((r) => setTimeout(r, 5));
    first.child.kill("SIGKILL");
    await first;
    expect(hasRecords(`${out}.checkpoint`)).toBe(true);
    await mkfifo(`${out}.failed`);
    const bought = m.stats.requests;
    const run = await ended(runCli([...args, "--out", out, "--resume", "--base-url", m.url], env));
    expect(run.hung, "the run hung").toBe(false);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toMatch(/cannot write --out .*r\.ndjson\.failed: it is not a regular file/);
    // Where the data is, and the refusal: not "resuming" a run that does not.
    expect(run.stderr).not.toMatch(/^resuming/m);
    expect(m.stats.requests).toBe(bought);
  });
});

const hasRecords = (checkpoint: string) => {
  try {
    return JSON.parse(readFileSync(checkpoint, "utf8")).records > 0;
  } catch {
    return false;
  }
};
