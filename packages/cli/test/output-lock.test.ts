import { appendFileSync, existsSync, openSync, statSync, utimesSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { spawn, spawnSync } from "node:child_process";
import { holderState, type Holder } from "../src/output/lock.js";
import { resolveOut } from "../src/output/out-path.js";
import { BIN, KEY, runCli, tempDir } from "./support.js";

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const start = async (latencyMs: number) => {
  const m = await startMockServer({ datasetSize: 400, latencyMs });
  servers.push(m);
  return m;
};
const env = { KEYAPI_API_KEY: KEY };
const pullTo = (out: string, url: string, extra: string[] = []) => [
  "reviews",
  "7",
  "--all",
  "--format",
  "ndjson",
  "--concurrency",
  "2",
  "--out",
  out,
  "--base-url",
  url,
  ...extra,
];
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2_000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("one run an --out", () => {
  it("a second run on the same --out: exit 2, one line, nothing bought; the first is whole", async () => {
    const [slow, other] = [await start(60), await start(0)];
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const first = runCli(pullTo(out, slow.url), env);
    await until(() => existsSync(`${out}.lock`));
    const second = await runCli(pullTo(out, other.url), env);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    expect(second.stderr).toMatch(
      /--out .*r\.ndjson is being written by another keyapi-tiktok run \(pid \d+\): wait for it to end/,
    );
    expect(other.stats.requests).toBe(0);
    const done = await first;
    expect(done.code, done.stderr).toBe(0);
    const lines = (await readFile(out, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(400);
    lines.forEach((line) => JSON.parse(line)); // no torn record
    expect(await readdir(dir)).toEqual(["r.ndjson"]);
  });

  it("the lock does not outlive a SIGKILL: the next run resumes at once", async () => {
    const mock = await start(20);
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const killed = runCli(pullTo(out, mock.url), env);
    await until(() => existsSync(`${out}.partial`) && existsSync(`${out}.checkpoint`));
    killed.child.kill("SIGKILL");
    expect((await killed).code).toBeNull();
    expect(existsSync(`${out}.lock`)).toBe(true); // left behind, naming a process that is gone
    const resumed = await runCli(pullTo(out, mock.url, ["--resume"]), env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(400);
    // The lock is gone; the finished checkpoint stays as the --resume run's receipt.
    expect(await readdir(dir)).toEqual(["r.ndjson", "r.ndjson.checkpoint"]);
  });

  it("a lock naming this very process id (a container's PID 1, killed) is taken over", async () => {
    const mock = await start(0);
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    // exec keeps the shell's pid: the run starts with its own pid already in the lock.
    const script = `echo $$ > '${out}.lock'; exec '${process.execPath}' '${BIN}' "$@"`;
    const child = spawn("bash", ["-c", script, "bash", ...pullTo(out, mock.url)], {
      env: { ...process.env, ...env },
      stdio: "ignore",
    });
    expect(await new Promise((r) => child.on("close", r))).toBe(0);
    expect(await readdir(dir)).toEqual(["r.ndjson"]);
  });

  it("an empty --out is refused, not stdout", async () => {
    const mock = await start(0);
    const run = await runCli(["reviews", "1", "--out", "", "--base-url", mock.url], env);
    expect([run.code, mock.stats.requests]).toEqual([2, 0]);
    expect(run.stderr).toMatch(/--out needs a file path/);
    expect(run.stdout).toBe("");
  });

  it("--out - is standard output, as - is standard input for --ids-file: no file named -", async () => {
    const mock = await start(0);
    const dir = await tempDir();
    const child = spawn(
      process.execPath,
      [BIN, "reviews", "1", "--format", "ndjson", "--out", "-", "--base-url", mock.url],
      { cwd: dir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let stdout = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    expect(await new Promise((r) => child.on("close", r))).toBe(0);
    expect(stdout.trimEnd().split("\n")).toHaveLength(10);
    expect(await readdir(dir)).toEqual([]);
  });

  // [--out, where stdout goes, the way out it names]
  it.each([
    ["-", "pipe", /drop --out -$/],
    ["/dev/stdout", "pipe", /drop --summary$/],
    ["/proc/self/fd/1", "pipe", /drop --summary$/],
    ["r.txt", "r.txt", /drop --summary$/],
  ])(
    "--summary --out %s with stdout a %s: refused (the records and the summary would share it), nothing sent",
    async (out, stdoutTo, way) => {
      const mock = await start(0);
      const dir = await tempDir();
      const file = path.join(dir, "r.txt");
      await writeFile(file, "");
      const child = spawn(
        process.execPath,
        [BIN, "reviews", "1", "--summary", "--out", out, "--base-url", mock.url],
        {
          cwd: dir,
          env: { ...process.env, ...env },
          stdio: ["ignore", stdoutTo === "pipe" ? "pipe" : openSync(file, "a"), "pipe"],
        },
      );
      let [stdout, stderr] = ["", ""];
      child.stdout?.on("data", (d: Buffer) => (stdout += d));
      child.stderr!.on("data", (d: Buffer) => (stderr += d));
      expect(await new Promise((r) => child.on("close", r))).toBe(2);
      expect(stderr).toMatch(
        /^keyapi-tiktok: --summary prints the summary on standard output[^\n]*\n$/,
      );
      expect(stderr.trimEnd()).toMatch(way);
      expect(stdout).toBe("");
      expect(await readFile(file, "utf8")).toBe("");
      expect(mock.stats.requests).toBe(0);
    },
  );

  it("a lock naming a live process that is not a keyapi-tiktok run is still respected", async () => {
    const mock = await start(0);
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    await writeFile(`${out}.lock`, `${process.pid}\n`); // this test's own process: alive
    const run = await runCli(pullTo(out, mock.url), env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/delete .*r\.ndjson\.lock if no such run is going/);
    expect(mock.stats.requests).toBe(0);
  });

  // A `latest.csv` pointing at today's file, not written yet: it was replaced by a regular file
  // and the target's lock never looked at.
  it.each<[string, boolean]>([
    ["a link whose target is not there yet: the target is written, the link stays", false],
    ["the same link while another run holds the target's lock: refused", true],
  ])("%s", async (_case, held) => {
    const mock = await start(0);
    const dir = await tempDir();
    await mkdir(path.join(dir, "exports"));
    const target = path.join(dir, "exports", "today.ndjson");
    const link = path.join(dir, "latest.ndjson");
    await symlink(path.join("exports", "today.ndjson"), link);
    if (held) await writeFile(`${target}.lock`, `${process.pid}\n`);
    const run = await runCli(pullTo(link, mock.url), env);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    if (held) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is being written by another keyapi-tiktok run/);
      expect(existsSync(target)).toBe(false);
      return;
    }
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(target, "utf8")).trimEnd().split("\n")).toHaveLength(400);
    expect(await readdir(path.join(dir, "exports"))).toEqual(["today.ndjson"]);
  });
});

it("an --out that is a loop of symlinks is refused by name, not replaced", async () => {
  const dir = await tempDir();
  await symlink("b.csv", path.join(dir, "a.csv"));
  await symlink("a.csv", path.join(dir, "b.csv"));
  expect(() => resolveOut(path.join(dir, "a.csv"))).toThrow(/a\.csv is a loop of symlinks/);
  expect((await lstat(path.join(dir, "a.csv"))).isSymbolicLink()).toBe(true);
});

describe("holderState: what a lock's holder is, as far as this run can tell", () => {
  const me = { pid: 100, place: "host-a pid:[1]", now: 1_000_000 };
  const alive = (pid: number) => pid === 200;
  const lock = (pid: number | undefined, place: string | undefined, ageMs = 0): Holder => ({
    text: "",
    pid,
    place,
    mtimeMs: me.now - ageMs,
  });
  // [case, the lock, what it is]
  it.each<[string, Holder, "gone" | "alive" | "watch"]>([
    ["a live process here", lock(200, me.place), "alive"],
    ["a dead process here", lock(300, me.place), "gone"],
    ["this very pid here (a PID 1 started again)", lock(100, me.place), "gone"],
    // Two containers on one volume, each its own PID 1: the pid means nothing across them,
    // nor does the lock's time against this machine's clock (another's may be minutes off).
    ["this pid in another namespace", lock(100, "host-a pid:[2]"), "watch"],
    ["a dead pid on another machine", lock(300, "host-b pid:[1]"), "watch"],
    ["a lock from elsewhere last touched long ago", lock(200, "host-b pid:[1]", 600_000), "watch"],
    // An older release names no place: its pid may be another namespace's (a rolling upgrade).
    ["a lock of an older release, alive here", lock(200, undefined), "alive"],
    ["a lock of an older release, no process here", lock(300, undefined), "watch"],
    ["a lock of an older release with this very pid", lock(100, undefined), "watch"],
    ["no pid yet, just made", lock(undefined, undefined, 100), "alive"],
    ["no pid, left by a run killed as it took it", lock(undefined, undefined, 6_000), "gone"],
  ])("%s", (_case, holder, state) => {
    expect(holderState(holder, me, alive)).toBe(state);
  });
});

describe("a lock from another container or machine is read by its signs of life", () => {
  const ELSEWHERE = "other-host pid:[4026532999]";
  // [case, the lock's place (none: an older release's), what the other run touches, exit code]
  it.each<[string, string | undefined, "lock" | "partial" | undefined, number]>([
    ["its lock touched (a run going on elsewhere): refused, nothing bought", ELSEWHERE, "lock", 2],
    ["untouched for three heartbeats (a container restarted): taken over", ELSEWHERE, undefined, 0],
    // A release before the heartbeat: its pages still arrive in the data file.
    ["an older release's lock, its data growing: refused", undefined, "partial", 2],
    ["an older release's lock, nothing moving: taken over", undefined, undefined, 0],
  ])("%s", { timeout: 30_000 }, async (_case, where, touched, code) => {
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    // A pid that has ended here, as another namespace's pid would look.
    const gone = spawnSync("true").pid;
    await writeFile(`${out}.lock`, where ? `${gone}\n${where}\n` : `${gone}\n`);
    const touch =
      touched &&
      setInterval(() => {
        if (touched === "lock") utimesSync(`${out}.lock`, new Date(), new Date());
        else appendFileSync(`${out}.partial`, "{}\n");
      }, 500);
    const mock = await start(0);
    const run = await runCli(pullTo(out, mock.url), env).finally(() =>
      clearInterval(touch || undefined),
    );
    expect(run.code, run.stderr).toBe(code);
    if (code === 2) {
      expect(run.stderr).toMatch(/is being written by another keyapi-tiktok run \(pid \d+/);
      expect(mock.stats.requests).toBe(0);
    } else expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(400);
  });

  it("Ctrl-C while watching ends the run at once: exit 130, nothing bought, the lock kept", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const text = `${spawnSync("true").pid}\n${ELSEWHERE}\n`;
    await writeFile(`${out}.lock`, text);
    const mock = await start(0);
    const run = runCli(pullTo(out, mock.url), env);
    await new Promise((r) => setTimeout(r, 1_000));
    run.child.kill("SIGINT");
    const result = await run;
    expect(result.code).toBe(130);
    // That line alone: nothing was in flight to wait for.
    expect(result.stderr).toMatch(
      /^keyapi-tiktok: interrupted while waiting for .*r\.ndjson\.lock: nothing bought\n$/,
    );
    expect(mock.stats.requests).toBe(0);
    expect(await readFile(`${out}.lock`, "utf8")).toBe(text);
  });
});

it("a run's lock is touched while it runs, often enough for a release that reads no place", async () => {
  const mock = await start(200); // 40 pages, two at a time: about 4 s
  const dir = await tempDir();
  const out = path.join(dir, "r.ndjson");
  const run = runCli(pullTo(out, mock.url), env);
  await until(() => existsSync(`${out}.lock`));
  const first = statSync(`${out}.lock`).mtimeMs;
  await until(() => !existsSync(`${out}.lock`) || statSync(`${out}.lock`).mtimeMs > first);
  const touched = existsSync(`${out}.lock`);
  expect((await run).code).toBe(0);
  expect(touched).toBe(true);
});

it("a link with `..` reached through a linked folder is written where the kernel reads it", async () => {
  const mock = await start(0);
  const dir = await tempDir();
  await mkdir(path.join(dir, "real", "sub"), { recursive: true });
  await writeFile(path.join(dir, "real", "target.ndjson"), "old\n");
  await writeFile(path.join(dir, "target.ndjson"), "precious\n"); // where `..` reads from the link's spelling
  await symlink(path.join("real", "sub"), path.join(dir, "dirlink"));
  await symlink(path.join("..", "target.ndjson"), path.join(dir, "real", "sub", "latest.ndjson"));
  const run = await runCli(pullTo(path.join(dir, "dirlink", "latest.ndjson"), mock.url), env);
  expect(run.code, run.stderr).toBe(0);
  expect(await readFile(path.join(dir, "target.ndjson"), "utf8")).toBe("precious\n");
  const written = await readFile(path.join(dir, "real", "target.ndjson"), "utf8");
  expect(written.trimEnd().split("\n")).toHaveLength(400);
});

it("`..` after a linked folder inside a link's own text climbs from where that folder really is", async () => {
  const mock = await start(0);
  const dir = await tempDir();
  await mkdir(path.join(dir, "real", "sub"), { recursive: true });
  await mkdir(path.join(dir, "real", "data"));
  await mkdir(path.join(dir, "data")); // where `link/../data` reads as text
  await symlink(path.join("real", "sub"), path.join(dir, "link"));
  // Absolute text: `/…/link/../data/out.ndjson` is `real/data/out.ndjson` to the kernel.
  await symlink(`${dir}/link/../data/out.ndjson`, path.join(dir, "abs.ndjson")); // not path.join: it drops `..`
  const run = await runCli(pullTo(path.join(dir, "abs.ndjson"), mock.url), env);
  expect(run.code, run.stderr).toBe(0);
  expect(await readdir(path.join(dir, "data"))).toEqual([]);
  const written = await readFile(path.join(dir, "real", "data", "out.ndjson"), "utf8");
  expect(written.trimEnd().split("\n")).toHaveLength(400);
});

it("an --out link to a folder (its text ends in /) is refused, nothing written", async () => {
  const dir = await tempDir();
  await symlink("folder/", path.join(dir, "L.csv"));
  expect(() => resolveOut(path.join(dir, "L.csv"))).toThrow(
    /L\.csv is a link to a folder \(folder\/\): name a file/,
  );
  expect(await readdir(dir)).toEqual(["L.csv"]);
});
