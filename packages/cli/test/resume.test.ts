import { existsSync, statSync } from "node:fs";
import { appendFile, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { mismatch, type PullIdentity } from "../src/export/checkpoint.js";
import { KEY, runCli, tempDir } from "./support.js";

let mock: MockServer | undefined;
afterEach(() => mock?.close());

const env = { KEYAPI_API_KEY: KEY };
const charged = () => Object.values(mock!.stats.charged).reduce((a, b) => a + b, 0);
const ids = (ndjson: string) =>
  ndjson
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { review_id: string });

describe("SIGKILL at any moment, then --resume", () => {
  it(
    "loses nothing and buys again at most the pages in flight at each kill",
    {
      timeout: 120_000,
    },
    async () => {
      const PAGES = 150;
      const CONCURRENCY = 4;
      mock = await startMockServer({ datasetSize: PAGES * 10, latencyMs: 10 });
      const dir = await tempDir();
      const args = (out: string) => [
        "reviews",
        "7",
        "--all",
        "--format",
        "ndjson",
        "--concurrency",
        String(CONCURRENCY),
        "--out",
        out,
        "--base-url",
        mock!.url,
      ];
      // The reference: one run that nobody kills.
      const reference = path.join(dir, "reference.ndjson");
      expect((await runCli(args(reference), env)).code).toBe(0);
      const expected = await readFile(reference, "utf8");
      const referenceCredits = charged();

      const out = path.join(dir, "killed.ndjson");
      let kills = 0;
      const killedAt: number[] = []; // bytes of data on disk at each kill
      for (let run = 0; run < 40; run++) {
        // A retry loop passes --resume every time: nothing there starts the pull.
        const child = runCli([...args(out), "--resume"], env);
        // The first runs are killed, each at a moment of its own: at once (starting up,
        // before any page is on disk), or once the data has grown past a mark (mid-pull:
        // pages in flight, a page being written, a checkpoint being renamed).
        if (kills < 6) {
          const mark = run % 2 ? (run + 1) * 2_000 : 0;
          const size = () => (existsSync(`${out}.partial`) ? statSync(`${out}.partial`).size : 0);
          void (async () => {
            for (let waited = 0; mark > 0 && size() < mark && waited < 10_000; waited += 2)
              await new Promise((r) => setTimeout(r, 2));
            child.child.kill("SIGKILL");
          })();
        }
        const result = await child;
        if (result.code === 0) {
          // The last line counts this run's records and, resumed, all that the file holds.
          const line = /^(\d+) reviews(?: \((\d+) with earlier runs\))?, /m.exec(result.stderr);
          expect(Number(line?.[2] ?? line?.[1]), result.stderr).toBe(PAGES * 10);
          break;
        }
        killedAt.push(existsSync(`${out}.partial`) ? statSync(`${out}.partial`).size : 0);
        expect(result.code, result.stderr).toBeNull(); // killed, never an error of its own
        kills++;
      }
      console.log(`killed with ${killedAt.join(", ")} bytes on disk`);
      // The first kill came before any page was on disk, others in the middle of the pull.
      expect(killedAt[0]).toBe(0);
      expect(new Set(killedAt.filter((bytes) => bytes > 0)).size).toBeGreaterThanOrEqual(2);
      // Item by item: the same records, in the same order, each once.
      const text = await readFile(out, "utf8");
      expect(ids(text).map((r) => r.review_id)).toEqual(ids(expected).map((r) => r.review_id));
      expect(text).toBe(expected);
      // The finished checkpoint stays as the receipt of a run given --resume.
      expect((await readdir(dir)).sort()).toEqual([
        "killed.ndjson",
        "killed.ndjson.checkpoint",
        "reference.ndjson",
      ]);
      // Pages bought again: at most the window in flight at each kill.
      const extra = charged() - 2 * referenceCredits;
      console.log(`${kills} kills: ${extra} pages bought again (bound ${kills * CONCURRENCY})`);
      expect(extra).toBeLessThanOrEqual(kills * CONCURRENCY);
    },
  );
});

describe("--resume refuses what it cannot continue (exit 2, one line, nothing bought)", () => {
  const base = ["reviews", "7", "--pages", "3", "--format", "csv"];
  // [case, the second run's command, stderr]
  it.each<[string, string[], RegExp]>([
    [
      "an unfinished pull without --resume: never overwritten",
      base,
      /holds an unfinished pull \(\d+ records, next page \d+\): add --resume to continue it/,
    ],
    [
      "another product",
      ["reviews", "8", "--pages", "3", "--format", "csv", "--resume"],
      /its query was \{"path":\{\},"query":\{"product_id":"7"\}\}/,
    ],
    [
      "another format",
      [...base, "--resume", "--format", "json"],
      /its format \(--format, or --out's extension\) was "csv", this command's is "json"/,
    ],
    [
      "another page size",
      [...base, "--resume", "--page-size", "5"],
      /its page size was 10, this command's is 5/,
    ],
  ])("%s", async (_case, second, message) => {
    mock = await startMockServer({ datasetSize: 100 });
    const dir = await tempDir();
    const out = path.join(dir, "r.csv");
    const common = ["--out", out, "--base-url", mock.url];
    // A run stopped by its credit budget leaves a checkpoint.
    const stopped = await runCli([...base, ...common, "--max-credits", "1"], env);
    expect(stopped.code).not.toBe(0);
    expect(existsSync(`${out}.checkpoint`)).toBe(true);
    const checkpoint = await readFile(`${out}.checkpoint`, "utf8");
    const before = charged();
    const result = await runCli([...second, ...common], env);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split("\n"), result.stderr).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(charged()).toBe(before);
    expect(await readFile(`${out}.checkpoint`, "utf8")).toBe(checkpoint);
  });

  it.each<[string, (out: string) => Promise<void>, string[], RegExp]>([
    [
      "a damaged checkpoint",
      (out) => writeFile(`${out}.checkpoint`, "{ not json"),
      [],
      /checkpoint .* is damaged \(not a checkpoint of this version\): delete it/,
    ],
    [
      "a checkpoint whose data file is another file (../notes.txt): never followed",
      async (out) => {
        const cp = {
          version: 2,
          operation: "GET /v1/tiktok/product/reviews/analytics",
          params: { query: { product_id: "7" }, path: {} },
          format: "csv",
          pageSize: 10,
          source: "http://127.0.0.1/",
          nextPage: 2,
          records: 10,
          bytes: 3,
          file: "../notes.txt",
        };
        await writeFile(`${out}.checkpoint`, JSON.stringify(cp));
      },
      [],
      /is damaged \(its data file must be r\.csv or r\.csv\.partial\)/,
    ],
    [
      "a checkpoint of an older version (no source recorded)",
      (out) => writeFile(`${out}.checkpoint`, JSON.stringify({ version: 1, file: "r.csv" })),
      [],
      /written by an older keyapi-tiktok that did not record the source/,
    ],
    ["--resume to stdout", async () => {}, ["--no-out"], /--resume needs --out <file>/],
    [
      "--resume with --out - (stdout): said as such",
      async () => {},
      ["--out-dash"],
      /^keyapi-tiktok: --resume needs --out <file>: - is standard output\n$/,
    ],
  ])("%s", async (_case, setup, flags, message) => {
    mock = await startMockServer({ datasetSize: 100 });
    const dir = await tempDir();
    const out = path.join(dir, "r.csv");
    await setup(out);
    const target = flags.includes("--no-out")
      ? []
      : ["--out", flags.includes("--out-dash") ? "-" : out];
    const result = await runCli([...base, "--resume", ...target, "--base-url", mock.url], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(mock.stats.requests).toBe(0);
  });
});

describe("--resume is safe to pass every time (a retry loop)", () => {
  const args = (out: string) => [
    "reviews",
    "7",
    "--all",
    "--format",
    "ndjson",
    "--out",
    out,
    "--concurrency",
    "1",
  ];
  // [case, the first run's flags, what happens between the runs, the second run's exit code,
  //  its first stderr line, whether it buys the pull again, whether a receipt is there after it]
  it.each<[string, string[], (out: string) => Promise<void>, number, RegExp, boolean, boolean]>([
    [
      "a complete output of the same command: said so, exit 0, nothing bought",
      ["--resume"],
      async () => {},
      0,
      /^already complete: .*r\.ndjson holds this pull's 35 records; nothing bought$/,
      false,
      true,
    ],
    [
      "its output deleted since: pulled again",
      ["--resume"],
      (out) => rm(out),
      0,
      /^35 reviews, 4 pages, \d+ credits spent/,
      true,
      true,
    ],
    [
      "its output changed since: refused, never claimed complete",
      ["--resume"],
      (out) => appendFile(out, "{}\n"),
      2,
      /changed since its pull finished \(\d+ bytes, \d+ then\): delete it and .* to pull again/,
      false,
      true,
    ],
    [
      "a receipt for --pages 2, asked for --all: refused, never claimed complete",
      ["--resume", "--pages", "2"],
      async () => {},
      2,
      /is a finished pull of --pages 2, not of --all: delete it and .* to pull again/,
      false,
      true,
    ],
    [
      "finished without --resume (no receipt): refused, nothing bought or touched",
      [],
      async () => {},
      2,
      /nothing to resume: .* is there with no checkpoint \(a pull run without --resume/,
      false,
      false,
    ],
  ])("%s", async (_case, firstFlags, between, code, stderr, buys, receipt) => {
    mock = await startMockServer({ datasetSize: 35 });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const firstArgs = firstFlags.includes("--pages")
      ? args(out).filter((a) => a !== "--all")
      : args(out);
    const first = await runCli([...firstArgs, ...firstFlags, "--base-url", mock.url], env);
    expect(first.code, first.stderr).toBe(0);
    const pull = mock.stats.requests;
    const data = await readFile(out, "utf8");
    expect(ids(data)).toHaveLength(firstFlags.includes("--pages") ? 20 : 35);
    expect(existsSync(`${out}.checkpoint`)).toBe(firstFlags.length > 0);
    await between(out);
    const before = await readFile(out, "utf8").catch(() => undefined);
    const requests = mock.stats.requests;
    const again = await runCli([...args(out), "--resume", "--base-url", mock.url], env);
    expect(again.code, again.stderr).toBe(code);
    expect(again.stderr.split("\n")[0]).toMatch(stderr);
    expect(mock.stats.requests - requests).toBe(buys ? pull : 0);
    // Refused or complete: the file as it was; pulled again: the same records.
    expect(await readFile(out, "utf8")).toBe(before ?? data);
    expect(existsSync(`${out}.checkpoint`)).toBe(receipt);
  });
});

describe("mismatch (pure)", () => {
  const id: PullIdentity = {
    operation: "GET /v1/x",
    params: { query: { a: 1, b: "x" }, path: {} },
    format: "csv",
    pageSize: 10,
    source: "mock",
  };
  it.each<[string, Partial<PullIdentity>, RegExp | undefined]>([
    ["the same pull", {}, undefined],
    [
      "the same query in another order",
      { params: { path: {}, query: { b: "x", a: 1 } } },
      undefined,
    ],
    ["another operation", { operation: "GET /v1/y" }, /operation/],
    ["another query value", { params: { query: { a: 2, b: "x" }, path: {} } }, /query was .*"a":1/],
    ["a body added", { params: { query: { a: 1, b: "x" }, path: {}, body: {} } }, /query/],
    ["another format", { format: "json" }, /--format/],
    ["another page size", { pageSize: 5 }, /page size was 10, this command's is 5/],
    [
      "a walk begun at another page",
      { firstPage: 5 },
      /^it starts at the first page, this command's at page 5$/,
    ],
    [
      "another limit for each entity",
      { eachPages: 2 },
      /^it is a pull of --all for each entity, this command's is of --pages 2$/,
    ],
    [
      "another source: the API after --mock",
      { source: "https://api.keyapi.ai/" },
      /source \(--mock or --base-url\) was "mock", this command's is "https:\/\/api.keyapi.ai\/"/,
    ],
    // Every difference in one refusal: fixing the first only met the next at the next run.
    [
      "another format and page size",
      { format: "json", pageSize: 5 },
      /^its format \(--format, or --out's extension\) was "csv", this command's is "json"; its page size was 10, this command's is 5$/,
    ],
    [
      "another page size, first page and limit",
      { pageSize: 5, firstPage: 5, eachPages: 2 },
      /^its page size was 10, this command's is 5; it starts at the first page, this command's at page 5; it is a pull of --all for each entity, this command's is of --pages 2$/,
    ],
  ])("%s", (_case, change, expected) => {
    const why = mismatch(id, { ...id, ...change });
    if (expected) expect(why).toMatch(expected);
    else expect(why).toBeUndefined();
  });

  // A pull of many keeps its ids as a sha256: the refusal showed the two hashes.
  const many = { ...id, params: { query: { a: 1 }, path: {}, each: "product_id", ids: "9f86d0" } };
  it.each<[string, PullIdentity["params"], RegExp]>([
    [
      "other ids (another --shard, an edited file)",
      { ...many.params, ids: "2c26b4" },
      /^its list of ids was another \(the ids file's lines, or --shard, differ\)$/,
    ],
    ["the same ids, another query", { ...many.params, query: { a: 2 } }, /^its query was .*"a":1/],
    [
      "other ids and another query: the query named",
      { ...many.params, ids: "2c26b4", query: { a: 2 } },
      /^its query was .*"a":1/,
    ],
    [
      "one product's pull over it",
      { query: { a: 1 }, path: {} },
      /^it is a pull of many \(--ids-file, --each\), this command's is a pull of one$/,
    ],
  ])("a pull of many: %s", (_case, params, expected) => {
    expect(mismatch(many, { ...many, params })).toMatch(expected);
  });
});

describe("a walk begun at another page (-q page_num=5) is resumed only from there", () => {
  // [the resumed run's -q page_num, the refusal]. It was resumed from where the stopped run
  // stood, `--pages` counted from the page given now: nothing bought, exit 0, and a receipt
  // claiming the pull whole, its last pages never pulled.
  it.each<[string[], string]>([
    [[], "it starts at page 5, this command's at the first page"],
    [["-q", "page_num=1"], "it starts at page 5, this command's at the first page"],
    [["-q", "page_num=3"], "it starts at page 5, this command's at page 3"],
  ])("resumed with %j: refused, nothing bought", async (page, why) => {
    mock = await startMockServer({ datasetSize: 200 });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const call = ["call", "/v1/tiktok/product/reviews/analytics", "-q", "product_id=7"];
    const common = ["--pages", "4", "--format", "ndjson", "--out", out, "--base-url", mock.url];
    const first = await runCli([...call, "-q", "page_num=5", ...common, "--max-credits", "2"], env);
    expect(first.code, first.stderr).toBe(3);
    const before = charged();
    const resumed = await runCli([...call, ...page, ...common, "--resume"], env);
    expect([resumed.code, resumed.stderr]).toEqual([
      2,
      `keyapi-tiktok: cannot resume ${out}.checkpoint: ${why}; run the command it was written for, or delete it to start over\n`,
    ]);
    expect(charged()).toBe(before);
    // The command it was written for finishes it: pages 5 to 8.
    const same = await runCli([...call, "-q", "page_num=5", ...common, "--resume"], env);
    expect(same.code, same.stderr).toBe(0);
    expect(ids(await readFile(out, "utf8"))).toHaveLength(40);
  });
});

describe("--pages N counts from the original first page when resumed", () => {
  // [case, the resumed run's --pages, records in the end, credits the resumed run spends]
  it.each<[string, string, number, number]>([
    ["the rest of the original --pages 3", "3", 30, 1],
    ["a --pages the first run had already pulled: nothing more to buy", "2", 20, 0],
    ["--all goes on to the end", "--all", 100, 9],
  ])("%s", async (_case, pages, records, credits) => {
    mock = await startMockServer({ datasetSize: 100 });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const common = [
      "--format",
      "ndjson",
      "--out",
      out,
      "--base-url",
      mock.url,
      "--concurrency",
      "1",
    ];
    // Stopped by its budget after two pages.
    const first = await runCli(
      ["reviews", "7", "--pages", "3", ...common, "--max-credits", "2"],
      env,
    );
    expect(first.code).not.toBe(0);
    const before = charged();
    const flag = pages === "--all" ? ["--all"] : ["--pages", pages];
    const resumed = await runCli(["reviews", "7", ...flag, ...common, "--resume"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ids(await readFile(out, "utf8"))).toHaveLength(records);
    expect(charged() - before).toBe(credits);
  });

  it("a --pages below the pages already pulled is refused: no receipt for 1 page over 2", async () => {
    mock = await startMockServer({ datasetSize: 100 });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const pull = ["reviews", "7", "--format", "ndjson", "--out", out, "--base-url", mock.url];
    const first = await runCli(
      [...pull, "--pages", "5", "--concurrency", "1", "--max-credits", "2"],
      env,
    );
    expect(first.code).toBe(3);
    const before = charged();
    const data = await readFile(out, "utf8");
    // It bought nothing, exited 0 and left a receipt for --pages 1 over 2 pages: a later
    // --pages 5 --resume was then refused as a finished pull of --pages 1.
    const smaller = await runCli([...pull, "--pages", "1", "--resume"], env);
    expect([smaller.code, smaller.stderr]).toEqual([
      2,
      `keyapi-tiktok: ${out}.checkpoint holds 2 pages, more than --pages 1: resume with --pages 2 or more, or --all\n`,
    ]);
    expect([charged(), await readFile(out, "utf8")]).toEqual([before, data]);
    const rest = await runCli([...pull, "--pages", "5", "--resume"], env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(ids(await readFile(out, "utf8"))).toHaveLength(50);
  });
});

describe("a pull that finished but was stopped while tidying up", () => {
  // The state a crash leaves between marking the checkpoint finished and deleting it.
  const finishedState = async (out: string, mockUrl: string) => {
    const base = ["reviews", "7", "--pages", "2", "--format", "ndjson", "--out", out];
    expect((await runCli([...base, "--base-url", mockUrl], env)).code).toBe(0);
    const whole = await readFile(out, "utf8");
    const cp = {
      version: 2,
      operation: "GET /v1/tiktok/product/reviews/analytics",
      params: { query: { product_id: "7" }, path: {} },
      format: "ndjson",
      pageSize: 10,
      source: new URL(mockUrl).href,
      nextPage: 3,
      records: 20,
      bytes: Buffer.byteLength(whole),
      file: "r.ndjson.partial",
      finished: true,
    };
    await writeFile(`${out}.partial`, whole);
    await writeFile(out, "an older file\n");
    await writeFile(`${out}.checkpoint`, JSON.stringify(cp));
    return { base, whole };
  };

  it.each([
    ["--resume: completed, nothing bought, exit 0", ["--resume"], 0],
    ["a plain run: tidied, then pulled anew", [], 2],
  ])("%s", async (_case, flags, credits) => {
    mock = await startMockServer({ datasetSize: 100 });
    const dir = await tempDir();
    const out = path.join(dir, "r.ndjson");
    const { base, whole } = await finishedState(out, mock.url);
    const before = charged();
    const run = await runCli([...base, "--base-url", mock.url, ...flags], env);
    expect(run.code, run.stderr).toBe(0);
    if (flags.length) expect(run.stderr).toMatch(/already complete: .* nothing bought/);
    expect(await readFile(out, "utf8")).toBe(whole);
    // --resume keeps the finished checkpoint as its receipt; a plain run leaves none.
    const receipt = flags.length ? ["r.ndjson.checkpoint"] : [];
    expect(await readdir(dir)).toEqual(["r.ndjson", ...receipt]);
    expect(charged() - before).toBe(credits);
  });
});
