import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { chmod, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { resolveOut, writesDirectly } from "../src/output/out-path.js";
import { BIN, KEY, runCli, tempDir } from "./support.js";
import { startFixedServer } from "./support-hostile-server.js";

// What a hostile tester found in the first version of the lock, the checkpoint v2 and the
// output handling; each row failed before its fix.

let mock: MockServer | undefined;
let fixed: Awaited<ReturnType<typeof startFixedServer>> | undefined;
afterEach(async () => {
  await mock?.close();
  await fixed?.close();
  mock = fixed = undefined;
});
const env = { KEYAPI_API_KEY: KEY };

/** A pull to `out` stopped by its budget after one page, leaving a checkpoint. */
async function stoppedPull(out: string, format = "ndjson") {
  mock ??= await startMockServer({ datasetSize: 100 });
  const args = ["reviews", "1", "--all", "--format", format, "--out", out, "--base-url", mock.url];
  expect((await runCli([...args, "--max-credits", "1"], env)).code).toBe(3);
  return args;
}

describe("planted files are never followed", () => {
  it("a symlink planted as <out>.checkpoint.tmp: the file it points at is untouched", async () => {
    mock = await startMockServer({ datasetSize: 30 });
    const dir = await tempDir();
    await writeFile(path.join(dir, "victim.txt"), "precious\n");
    await symlink("victim.txt", path.join(dir, "o.csv.checkpoint.tmp"));
    const out = path.join(dir, "o.csv");
    const run = await runCli(["reviews", "1", "--all", "--out", out, "--base-url", mock.url], env);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(dir, "victim.txt"), "utf8")).toBe("precious\n");
  });

  it("a symlink planted as <out>.partial before --resume: refused, its target untouched", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "o.ndjson");
    const args = await stoppedPull(out);
    // The stopped run kept its records in o.ndjson (a new file); plant the link where they go.
    await writeFile(path.join(dir, "victim.txt"), "x".repeat(30_000));
    await symlink("victim.txt", `${out}.partial`);
    const run = await runCli([...args, "--resume"], env);
    expect(run.code, run.stderr).not.toBe(0);
    expect(await readFile(path.join(dir, "victim.txt"), "utf8")).toBe("x".repeat(30_000));
  });
});

describe("--out /dev/stdout is the shell's stream, not a file to replace", () => {
  // /proc/self/fd/1 is the same link as /dev/stdout; the old code's rename over it fails
  // instead of replacing the machine's /dev/stdout (as root), so the test is safe to run anywhere.
  it("redirected to a file: the records land in it, nothing is created beside it", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "res.csv");
    await writeFile(file, "before\n");
    const args = ["--mock", "reviews", "1", "--pages", "2", "--format", "csv"];
    const child = spawn(process.execPath, [BIN, ...args, "--out", "/proc/self/fd/1"], {
      stdio: ["ignore", openSync(file, "a"), "pipe"],
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    const text = await readFile(file, "utf8");
    expect(text.startsWith("before\n")).toBe(true); // `>>` appends
    expect(parse(text.slice("before\n".length), { columns: true })).toHaveLength(20);
    expect(await readdir(dir)).toEqual(["res.csv"]);
  });

  // [path, written directly]
  it.each<[string, boolean]>([
    ["/dev/stdout", true],
    ["/dev/full", true],
    ["/proc/self/fd/1", true],
    ["/dev/shm/r.csv", false], // a RAM disk's plain file: locked, checkpointed, renamed
    ["/dev/shmem", true],
    [path.join(process.cwd(), "package.json"), false],
    [path.join(process.cwd(), "no-such-file.csv"), false],
    [process.cwd(), true],
  ])("writesDirectly(%s) is %s", (file, direct) => {
    expect(writesDirectly(file)).toBe(direct);
  });

  it.each([
    ["r.csv.partial"],
    ["r.csv.checkpoint"],
    ["r.csv.lock"],
    ["r.checkpoint.tmp"],
    ["r.csv.partial.failed"],
  ])("--out %s (a side file's name) is refused", (name) => {
    expect(() => resolveOut(path.join(process.cwd(), name))).toThrow(/side file/);
  });
});

describe("checkpoints that cannot be resumed are refused, not finished wrongly", () => {
  // [case, edit of the checkpoint (and data), stderr]
  it.each<[string, (cp: Record<string, unknown>) => Record<string, unknown>, RegExp]>([
    ["nextPage 0", (cp) => ({ ...cp, nextPage: 0 }), /damaged \(bad counts\)/],
    [
      "records 0 with bytes",
      (cp) => ({ ...cp, records: 0 }),
      /damaged \(records and bytes disagree\)/,
    ],
    ["bytes 0 with records", (cp) => ({ ...cp, bytes: 0 }), /records and bytes disagree/],
    ["bytes inside a record", (cp) => ({ ...cp, bytes: 5 }), /does not end a record/],
    ['finished: "no"', (cp) => ({ ...cp, finished: "no" }), /damaged \(bad `finished`\)/],
    ["repeatedPages: 1", (cp) => ({ ...cp, repeatedPages: 1 }), /damaged \(bad `repeatedPages`\)/],
    [
      "a cursor that is an object",
      (cp) => ({ ...cp, cursor: { a: 1 } }),
      /damaged \(bad `cursor`\)/,
    ],
    [
      "a cursor longer than the client takes (16,385 characters)",
      (cp) => ({ ...cp, cursor: "c".repeat(16_385) }),
      /damaged \(bad `cursor`\)/,
    ],
    ["positions kept as a list", (cp) => ({ ...cp, cursors: ["c"] }), /damaged \(bad `cursors`\)/],
    [
      "a position kept for an entity the pull does not have",
      (cp) => ({ ...cp, entities: [2], cursors: { 1: "c" } }),
      /damaged \(bad `cursors`\)/,
    ],
    [
      "a position kept under a key that is no index",
      (cp) => ({ ...cp, entities: [2], cursors: JSON.parse('{"__proto__": "c"}') }),
      /damaged \(bad `cursors`\)/,
    ],
    [
      "a position that is an object",
      (cp) => ({ ...cp, entities: [2], cursors: { 0: { a: 1 } } }),
      /damaged \(bad `cursors`\)/,
    ],
    [
      "finished, for another product",
      (cp) => ({ ...cp, finished: true, params: { query: { product_id: "2" }, path: {} } }),
      /its query was/,
    ],
  ])("%s → exit 2, the data untouched", async (_case, edit, message) => {
    const dir = await tempDir();
    const out = path.join(dir, "o.ndjson");
    const args = await stoppedPull(out);
    const cpFile = `${out}.checkpoint`;
    await writeFile(cpFile, JSON.stringify(edit(JSON.parse(await readFile(cpFile, "utf8")))));
    const data = await readFile(out, "utf8");
    const run = await runCli([...args, "--resume"], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await readFile(out, "utf8")).toBe(data);
  });

  it("a read-only --out holding a stopped pull's data: refused before anything moves", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "o.ndjson");
    const args = await stoppedPull(out);
    await chmod(out, 0o444);
    const before = (await readdir(dir)).sort();
    const run = await runCli([...args, "--resume"], env);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toMatch(/read-only/);
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});

describe("an existing --out is replaced only by a complete pull", () => {
  it("Ctrl-C while re-exporting: the old file stays whole, the new records in <out>.partial", async () => {
    mock = await startMockServer({ datasetSize: 300, latencyMs: 30 });
    const dir = await tempDir();
    const out = path.join(dir, "o.csv");
    const args = ["reviews", "1", "--all", "--format", "csv", "--out", out, "--base-url", mock.url];
    expect((await runCli(args, env)).code).toBe(0);
    const whole = await readFile(out, "utf8");
    const again = runCli([...args, "--concurrency", "1"], env);
    // Stopped once a first page is on disk (a header and a record in <out>.partial): a fixed
    // wait after the checkpoint appeared stopped it before any page on a loaded CI machine.
    const written = async () =>
      (await readFile(`${out}.partial`, "utf8").catch(() => "")).split("\n").length > 2;
    for (let i = 0; i < 2000 && !(await written()); i++) await new Promise((r) => setTimeout(r, 5));
    again.child.kill("SIGINT");
    const run = await again;
    expect(run.code, run.stderr).toBe(130);
    expect(await readFile(out, "utf8")).toBe(whole);
    expect(run.stderr).toMatch(/records received are in .*o\.csv\.partial/);
    expect((await runCli([...args, "--resume"], env)).code).toBe(0);
    expect(await readFile(out, "utf8")).toBe(whole);
  });
});

describe("a signal while the output is being finished does not kill the process", () => {
  it("SIGINT at the rename of the finished checkpoint: exit 0, the output complete", async () => {
    mock = await startMockServer({ datasetSize: 50 });
    const dir = await tempDir();
    const hook = path.join(dir, "hook.cjs");
    // Sends SIGINT to itself at that step: with no handler the kernel would end it right there.
    await writeFile(
      hook,
      `const fs = require("fs"); const rename = fs.renameSync;
fs.renameSync = (from, to) => {
  if (String(to).endsWith(".checkpoint") && fs.readFileSync(from, "utf8").includes('"finished": true'))
    process.kill(process.pid, "SIGINT");
  return rename(from, to);
};`,
    );
    const out = path.join(dir, "o.json");
    const child = spawn(
      process.execPath,
      [
        "--require",
        hook,
        BIN,
        "reviews",
        "1",
        "--all",
        "--format",
        "json",
        "--out",
        out,
        "--base-url",
        mock.url,
      ],
      { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(await readFile(out, "utf8"))).toHaveLength(50);
    expect(await readdir(dir)).toEqual(["hook.cjs", "o.json"].sort());
  });
});
