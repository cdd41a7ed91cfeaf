import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseShard, readIds, shardOf } from "../src/export/ids-file.js";
import { KEY, runCli, tempDir } from "./support.js";

// One pull over many products (`reviews --ids-file`, `call --each`): one output, each record
// with its product, a bad product named aside while the rest go on.

const env = { KEYAPI_API_KEY: KEY };
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A catalog on 127.0.0.1: `sizes[product]` reviews each, a 400 for any product not in it. */
async function startCatalog(sizes: Record<string, number>, latencyMs = 0) {
  const asked: string[] = [];
  const pages: string[] = [];
  server = createServer((req, res) => {
    const q = new URL(req.url!, "http://x").searchParams;
    const product = q.get("product_id") ?? "";
    asked.push(product);
    const page = Number(q.get("page_num"));
    pages.push(`${product}:${page}`);
    const size = Number(q.get("page_size"));
    const n = sizes[product];
    res.writeHead(n === undefined ? 400 : 200, { "content-type": "application/json" });
    if (n === undefined)
      return res.end(JSON.stringify({ code: 400, message: "Invalid product_id", data: null }));
    const data = Array.from(
      { length: Math.max(0, Math.min(size, n - (page - 1) * size)) },
      (_, i) => ({
        review_id: `${product}-${(page - 1) * size + i}`,
        rating: 5,
      }),
    );
    const body = JSON.stringify({ code: 0, message: "success", data, requestId: "r" });
    setTimeout(() => res.end(body), latencyMs);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, asked, pages };
}

/**
 * The ndjson records in `out`: each product's first `counts[product]` reviews, in order, each
 * once (and the records, for more checks).
 */
async function expectFirstReviews(out: string, counts: Record<string, number>) {
  const records = (await readFile(out, "utf8"))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { product_id: string; review_id: string });
  for (const [product, n] of Object.entries(counts)) {
    const mine = records.filter((r) => r.product_id === product).map((r) => r.review_id);
    expect(mine, product).toEqual(Array.from({ length: n }, (_, i) => `${product}-${i}`));
  }
  return records;
}

/**
 * A catalog of `sizes`, an ids file of its products and a pull of them two reviews a page into
 * `out` (no --pages, --all or --resume: the case adds them); `pages` lists every `product:page`
 * the catalog was asked.
 */
async function pagedPull(sizes: Record<string, number>) {
  const { url, pages } = await startCatalog(sizes);
  const dir = await tempDir();
  const ids = path.join(dir, "ids.txt");
  await writeFile(ids, Object.keys(sizes).join("\n") + "\n");
  const out = path.join(dir, "r.ndjson");
  const pull = [
    ...["reviews", "--ids-file", ids, "--page-size", "2", "--format", "ndjson"],
    ...["--out", out, "--base-url", url],
  ];
  return { pages, out, pull };
}

/** A pull of every review of the products in `ids` to `out`, as ndjson, from the catalog at `url`. */
const pullArgs = (ids: string, out: string, url: string) => [
  "reviews",
  "--ids-file",
  ids,
  "--all",
  "--format",
  "ndjson",
  "--out",
  out,
  "--base-url",
  url,
];

describe("the ids of --ids-file", () => {
  // [file text, ids]
  it.each<[string | Buffer, string[] | RegExp]>([
    ["a\nb\n", ["a", "b"]],
    ["# products\n\n a \r\nb\r\n\n#c\n", ["a", "b"]],
    ["a\nb\na\nb\n", ["a", "b"]],
    ["\n# only comments\n", /holds no id/],
    ["a\rb\rc", ["a", "b", "c"]],
    ["a\0b\n", /holds a NUL byte/],
    [Buffer.from([0x61, 0xff, 0x0a]), /is not UTF-8 text/],
    [`a\n${"9".repeat(1_000)}\n`, ["a", "9".repeat(1_000)]],
    [`a\n${"9".repeat(1_001)}\n`, /line 2 holds 1001 characters: an id is at most 1000$/],
    [`# ${"a long pasted note ".repeat(100)}\nb\n`, ["b"]],
    // The first column of a tab-separated line: FILE.failed (id, tab, why) is an ids file.
    ["a\tInvalid product_id\nb\tfailed in an earlier run\n", ["a", "b"]],
    ["\ta\tx\n b \t y\n", ["a", "b"]],
    // An escape or another control would act on the terminal, or split FILE.failed's line.
    ["a\u000bb\n", /line 1 holds the control character U\+000B: an id is printable text$/],
    ["\u001b[31ma\n", /line 1 holds the control character U\+001B/],
    ["a\u007fb\n", /line 1 holds the control character U\+007F/],
    ["a\u0085b\n", /line 1 holds the control character U\+0085/],
    ["1\u202e987\n", /line 1 holds the invisible character U\+202E/],
    // A line of a zero-width character alone looks blank, yet was an id sent and paid for; one
    // inside an id pulls another product than the one it looks like.
    ["a\n\u200b\n", /line 2 holds the invisible character U\+200B: an id is printable text$/],
    ["a\n\u00ad\n", /line 2 holds the invisible character U\+00AD/],
    ["1729\u206071493\n", /line 1 holds the invisible character U\+2060/],
    ["1729\ufeff71493\n", /line 1 holds the invisible character U\+FEFF/],
    ["1729\u200e71493\n", /line 1 holds the invisible character U\+200E/],
    // A line splitter (`splitlines()`, a regex's `/m`) would split FILE.failed's line there.
    ["1729\u202871493\n", /line 1 holds the invisible character U\+2028/],
    // What a renderer may ignore (a Hangul filler, a variation selector), and private use.
    ["a\n\u3164\n", /line 2 holds the invisible character U\+3164/],
    ["17\ufe0f29\n", /line 1 holds the invisible character U\+FE0F/],
    ["17\ue00029\n", /line 1 holds the invisible character U\+E000/],
    // A BOM (even two) before the first id is no part of it.
    ["\ufeff\ufeffa\nb\n", ["a", "b"]],
    // Blanks around an id are trimmed, and one inside is left to the API to judge.
    ["\ta\t\n b c \n", ["a", "b c"]],
  ])("%j → %j", async (text, want) => {
    const file = path.join(await tempDir(), "ids.txt");
    await writeFile(file, text);
    const read = readIds(file, "--ids-file");
    if (want instanceof RegExp) await expect(read).rejects.toThrow(want);
    else expect(await read).toEqual(want);
  });

  // [what, made at FILE (under a folder of its own), the reason said]
  it.each<[string, (file: string) => Promise<unknown>, string]>([
    ["a file not there", async () => {}, "no such file"],
    ["a folder", (file) => mkdir(file, { recursive: true }), "it is a folder"],
    [
      "a file under a file",
      (file) => writeFile(path.dirname(file), "a"),
      "a part of its path is not a folder",
    ],
  ])("--ids-file naming %s: one line in words", async (_what, make, why) => {
    const file = path.join(await tempDir(), "x", "ids.txt");
    await make(file);
    await expect(readIds(file, "--ids-file")).rejects.toThrow(
      new RegExp(`^cannot read --ids-file ${file}: ${why}$`),
    );
  });

  it("a file over the size cap is refused as it is read, not held whole and called no UTF-8", async () => {
    const file = path.join(await tempDir(), "ids.txt");
    await writeFile(file, "1\n".repeat(600));
    await expect(readIds(file, "--ids-file", 1_000)).rejects.toThrow(
      /^--ids-file .*ids\.txt is over 1000 bytes: not a list of ids \(at most 1000000 of them\)$/,
    );
    expect(await readIds(file, "--ids-file", 1_200)).toEqual(["1"]);
  });
});

describe("--shard k/N: N runs over one ids list take each id once between them", () => {
  it.each([
    [["a", "b", "c", "d", "e"], "1/2", ["a", "c", "e"]],
    [["a", "b", "c", "d", "e"], "2/2", ["b", "d"]],
    [["a", "b"], "3/3", []],
    [["a"], "1/1", ["a"]],
  ] as const)("%j with %s → %j", (ids, shard, want) => {
    expect(shardOf([...ids], parseShard(shard))).toEqual(want);
  });

  it.each(["0/2", "3/2", "1/0", "a/b", "1/2/3", "", "-1/2"])("--shard %j is refused", (text) => {
    expect(() => parseShard(text)).toThrow(/--shard must be k\/N/);
  });

  it("two shards of one file pull every product once between them", async () => {
    const { url, asked } = await startCatalog({ a: 3, b: 4, c: 5 });
    const ids = path.join(await tempDir(), "ids.txt");
    await writeFile(ids, "a\nb\nc\n");
    const outs: string[] = [];
    for (const shard of ["1/2", "2/2"]) {
      const run = await runCli(
        [
          "reviews",
          "--ids-file",
          ids,
          "--shard",
          shard,
          "--all",
          "--format",
          "ndjson",
          "--base-url",
          url,
        ],
        env,
      );
      expect(run.code, run.stderr).toBe(0);
      outs.push(run.stdout);
    }
    const products = outs.map((o) => [
      ...new Set(
        o
          .trimEnd()
          .split("\n")
          .map((l) => (JSON.parse(l) as { product_id: string }).product_id),
      ),
    ]);
    expect(products).toEqual([["a", "c"], ["b"]]);
    expect(new Set(asked)).toEqual(new Set(["a", "b", "c"]));
  });
});

describe("reviews --ids-file: every product's reviews in one pull", () => {
  it("each record carries its product; a bad product is named aside, the rest go on, exit 7", async () => {
    const sizes = { p1: 23, p2: 0, p3: 41, p4: 10 };
    const { url } = await startCatalog(sizes);
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "p1\np2\nbad-one\np3\np4\np1\n");
    const out = path.join(dir, "r.ndjson");
    const run = await runCli(pullArgs(ids, out, url), env);
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).toMatch(/74 reviews from 4 of 5 products pulled whole, 1 failed/);
    const records = await expectFirstReviews(out, sizes);
    expect(records).toHaveLength(74);
    expect(await readFile(`${out}.failed`, "utf8")).toMatch(/^bad-one\tInvalid product_id/);

    // The list is an ids file: its failures are asked again as they are, no `cut -f1`.
    const retry = await runCli(pullArgs(`${out}.failed`, path.join(dir, "retry.ndjson"), url), env);
    expect(retry.code, retry.stderr).toBe(7);
    expect(retry.stderr).toMatch(/0 reviews from 0 of 1 products pulled whole, 1 failed/);
    expect(await readFile(path.join(dir, "retry.ndjson.failed"), "utf8")).toMatch(
      /^bad-one\tInvalid product_id[^\n]*\n$/,
    );
    // Into the same --out it is refused: the pull rewrites its list with this run's failures
    // alone, so a run stopped early (--max-credits, Ctrl-C) lost the ids it had not reached.
    const listed = await readFile(`${out}.failed`, "utf8");
    const same = await runCli(pullArgs(`${out}.failed`, out, url), env);
    expect([same.code, same.stderr]).toEqual([
      2,
      `keyapi-tiktok: --ids-file is ${out}.failed, a file the pull to --out ${out} replaces: the ids would be lost (copy it elsewhere first)\n`,
    ]);
    expect(await readFile(`${out}.failed`, "utf8")).toBe(listed);

    // A rerun refused before it sends anything (a flag) leaves the last run's list as it was.
    const refused = await runCli(
      ["reviews", "--ids-file", ids, "--all", "--page-size", "11", "--out", out, "--base-url", url],
      env,
    );
    expect(refused.code, refused.stderr).toBe(2);
    expect(await readFile(`${out}.failed`, "utf8")).toMatch(/^bad-one\tInvalid product_id/);

    // A clean rerun leaves no stale list of failures; a link planted under its name is not followed.
    await writeFile(ids, "p1\np4\n");
    const clean = await runCli(pullArgs(ids, out, url), env);
    expect(clean.code, clean.stderr).toBe(0);
    expect(existsSync(`${out}.failed`)).toBe(false);
    const victim = path.join(dir, "victim.txt");
    await writeFile(victim, "keep me");
    await symlink(victim, `${out}.failed`);
    await writeFile(ids, "p1\nbad-two\n");
    const again = await runCli(pullArgs(ids, out, url), env);
    expect(again.code, again.stderr).toBe(7);
    expect(await readFile(victim, "utf8")).toBe("keep me");
    expect(await readFile(`${out}.failed`, "utf8")).toMatch(/^bad-two\t/);
  });

  it.each([
    ["its FILE left in place", false],
    ["its FILE deleted before the resume", true],
  ])(
    "a rerun stopped after its first page leaves the last pull and its list together; %s",
    async (_case, deleted) => {
      const { url } = await startCatalog({ p1: 40, p2: 40 }, 40);
      const dir = await tempDir();
      const ids = path.join(dir, "ids.txt");
      const out = path.join(dir, "r.ndjson");
      const args = ["reviews", "--ids-file", ids, "--all", "--format", "ndjson", "--out", out];
      const common = ["--concurrency", "1", "--base-url", url];
      await writeFile(ids, "bad-old\np1\n");
      expect((await runCli([...args, ...common], env)).code).toBe(7);
      const [whole, list] = [await readFile(out, "utf8"), await readFile(`${out}.failed`, "utf8")];
      expect(list).toMatch(/^bad-old\t/);

      // Another list, stopped once a page is on disk: bad-one failed first (one at a time), and
      // bad-late fails in the resumed run.
      await writeFile(ids, "bad-one\np1\nbad-late\np2\n");
      const again = runCli([...args, ...common], env);
      const written = async () =>
        (await readFile(`${out}.partial`, "utf8").catch(() => "")).includes("\n");
      for (let i = 0; i < 2000 && !(await written()); i++)
        await new Promise((r) => setTimeout(r, 5));
      again.child.kill("SIGINT");
      const stopped = await again;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(await readFile(out, "utf8")).toBe(whole);
      expect(await readFile(`${out}.failed`, "utf8")).toBe(list);
      expect(await readFile(`${out}.partial.failed`, "utf8")).toMatch(/^bad-one\t/);
      expect(stopped.stderr).toContain(`1 failed (${out}.partial.failed)`);

      if (deleted) await rm(out);
      // Finished: its data and its list take the names, the last pull's list goes with its data.
      const resumed = await runCli([...args, ...common, "--resume"], env);
      expect(resumed.code, resumed.stderr).toBe(7);
      expect(resumed.stderr).toContain(`2 failed (${out}.failed)`);
      expect((await readFile(`${out}.failed`, "utf8")).trim().split("\n")).toEqual([
        expect.stringMatching(/^bad-one\t/),
        expect.stringMatching(/^bad-late\t/),
      ]);
      expect(existsSync(`${out}.partial.failed`)).toBe(false);
      expect((await readFile(out, "utf8")).trimEnd().split("\n")).toHaveLength(80);
    },
  );

  it("killed after its failures and before any record: --resume keeps their list, each once", async () => {
    const { url } = await startCatalog({ p1: 5 }, 1_500);
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "bad1\nbad2\np1\n");
    const out = path.join(dir, "r.ndjson");
    const args = ["reviews", "--ids-file", ids, "--all", "--format", "ndjson", "--out", out];
    const common = ["--concurrency", "1", "--base-url", url, "--resume"];
    const first = runCli([...args, ...common], env);
    const listed = async () =>
      (await readFile(`${out}.failed`, "utf8").catch(() => "")).includes("bad2\t");
    for (let i = 0; i < 2000 && !(await listed()); i++) await new Promise((r) => setTimeout(r, 5));
    first.child.kill("SIGKILL");
    await first;
    const resumed = await runCli([...args, ...common], env);
    expect(resumed.code, resumed.stderr).toBe(7);
    expect(resumed.stderr).toContain(`2 failed (${out}.failed)`);
    const lines = (await readFile(`${out}.failed`, "utf8")).trim().split("\n");
    expect(lines.map((l) => l.split("\t")[0])).toEqual(["bad1", "bad2"]);
  });

  it("another run's leftover list beside FILE.partial is never taken for this pull's", async () => {
    const { url } = await startCatalog({ p1: 5, p2: 5 });
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "p1\nbad5\np2\n");
    const out = path.join(dir, "r.ndjson");
    // An abandoned run's list (its checkpoint discarded: it had bought no record).
    await writeFile(`${out}.partial.failed`, "p1\tInvalid product_id\n");
    const run = await runCli(pullArgs(ids, out, url), env);
    expect(run.code, run.stderr).toBe(7);
    expect((await readFile(`${out}.failed`, "utf8")).trim().split("\n")).toEqual([
      expect.stringMatching(/^bad5\t/),
    ]);
    expect(existsSync(`${out}.partial.failed`)).toBe(false);
  });

  it("--out /dev/null: the failures on stderr, no list made beside a device", async () => {
    const { url } = await startCatalog({ p1: 3 });
    const ids = path.join(await tempDir(), "ids.txt");
    await writeFile(ids, "p1\nbad9\n");
    const args = ["reviews", "--ids-file", ids, "--all", "--format", "ndjson"];
    const run = await runCli([...args, "--out", "/dev/null", "--base-url", url], env);
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).toMatch(/^failed: bad9\tInvalid product_id/m);
    expect(run.stderr).toContain(
      "3 reviews from 1 of 2 products pulled whole, 1 failed (named above)",
    );
    expect(existsSync("/dev/null.failed")).toBe(false);
  });

  it("call --each takes any paged operation's parameter: the item schema's columns, every row", async () => {
    const { url } = await startCatalog({ a: 3, b: 12 });
    const ids = path.join(await tempDir(), "ids.txt");
    await writeFile(ids, "a\nb\n");
    const done = await runCli(
      [
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "--each",
        `product_id=@${ids}`,
        "--all",
        "--format",
        "csv",
        "--base-url",
        url,
      ],
      env,
    );
    expect(done.code, done.stderr).toBe(0);
    const lines = done.stdout.trimEnd().split("\r\n");
    expect(lines[0]!.split(",")).toContain("product_id");
    expect(lines).toHaveLength(1 + 15);
  });

  it.each<[string, string[], RegExp]>([
    [
      "both an id and --ids-file",
      ["reviews", "p1", "--ids-file", "x"],
      /give one product_id or --ids-file/,
    ],
    ["neither", ["reviews"], /give one product_id or --ids-file/],
    [
      "--each without @",
      ["call", "/v1/tiktok/product/reviews/analytics", "--each", "product_id=x"],
      /--each expects param=@FILE/,
    ],
    [
      "--each of a parameter the operation lacks",
      ["call", "/v1/tiktok/product/reviews/analytics", "--each", "nope=@f"],
      /nope is not a query or path parameter/,
    ],
    [
      "--ids-file the same file as --out",
      ["reviews", "--ids-file", "same.csv", "--out", "same.csv"],
      /--ids-file and --out are the same file/,
    ],
  ])("%s: exit 2, one line, nothing sent", async (_case, args, message) => {
    const { url, asked } = await startCatalog({});
    const run = await runCli([...args, "--base-url", url], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(asked).toEqual([]);
  });
});

describe("a pull of many products killed at any moment, then --resume", () => {
  it(
    "loses nothing and repeats nothing: every product's reviews, in order, checked record by record",
    { timeout: 120_000 },
    async () => {
      const sizes = Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`p${i}`, (i * 37) % 120]),
      );
      sizes["bad"] = undefined as never;
      const { url, asked } = await startCatalog(
        Object.fromEntries(Object.entries(sizes).filter(([, n]) => n !== undefined)),
        15,
      );
      const dir = await tempDir();
      const ids = path.join(dir, "ids.txt");
      await writeFile(ids, [...Object.keys(sizes)].join("\n"));
      const args = (out: string) => [...pullArgs(ids, out, url), "--concurrency", "4"];
      const byProduct = (text: string) => {
        const map = new Map<string, string[]>();
        for (const line of text.trimEnd().split("\n")) {
          const r = JSON.parse(line) as { product_id: string; review_id: string };
          map.set(r.product_id, [...(map.get(r.product_id) ?? []), r.review_id]);
        }
        return map;
      };
      const reference = path.join(dir, "reference.ndjson");
      expect((await runCli(args(reference), env)).code).toBe(7);
      const expected = byProduct(await readFile(reference, "utf8"));

      const out = path.join(dir, "killed.ndjson");
      let kills = 0;
      for (let run = 0; run < 20; run++) {
        const child = runCli([...args(out), "--resume"], env);
        if (kills < 4) {
          const mark = (kills + 1) * 3_000;
          for (let i = 0; i < 400; i++) {
            await new Promise((r) => setTimeout(r, 10));
            const size = existsSync(`${out}.partial`) ? statSync(`${out}.partial`).size : 0;
            if (size > mark) break;
          }
          child.child.kill("SIGKILL");
          kills++;
          await child;
          continue;
        }
        // Partial whichever run met the bad id: its failure is in the checkpoint.
        const result = await child;
        expect(result.code, result.stderr).toBe(7);
        expect(result.stderr).toMatch(/from 30 of 31 products pulled whole, 1 failed/);
        break;
      }
      expect(kills).toBe(4);
      const got = byProduct(await readFile(out, "utf8"));
      expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [product, reviews] of expected) expect(got.get(product), product).toEqual(reviews);
      expect((await readFile(`${out}.failed`, "utf8")).trim().split("\n")).toEqual([
        expect.stringMatching(/^bad\t/),
      ]);
      // The retry loop's next turn: complete, said so, nothing bought, still partial (exit 7).
      const arrived = asked.length;
      const again = await runCli([...args(out), "--resume"], env);
      expect(again.code, again.stderr).toBe(7);
      expect(again.stderr).toMatch(/^already complete: .* nothing bought$/m);
      expect(again.stderr).toMatch(/from 30 of 31 products pulled whole, 1 failed .* 0 credits/);
      // Nothing this run, all the file holds before it.
      const held = (await readFile(out, "utf8")).trim().split("\n").length;
      expect(again.stderr).toMatch(
        new RegExp(`^0 reviews \\(${held} with earlier runs\\) from`, "m"),
      );
      expect(asked.length).toBe(arrived);
      // The receipt itself knows which entity failed: the list beside it is for people.
      await rm(`${out}.failed`);
      const still = await runCli([...args(out), "--resume"], env);
      expect(still.code, still.stderr).toBe(7);
      expect(asked.length).toBe(arrived);
    },
  );

  it("a product that failed before the stop keeps the resumed pull partial: exit 7, said", async () => {
    const { url } = await startCatalog({ a: 30 });
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "bad\na\n");
    const out = path.join(dir, "r.ndjson");
    const args = ["reviews", "--ids-file", ids, "--all", "--format", "ndjson", "--out", out];
    const common = ["--concurrency", "1", "--base-url", url];
    // bad's 400 (free), a's first page (one credit), then the budget stops the pull.
    const first = await runCli([...args, ...common, "--max-credits", "1"], env);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/from 0 of 2 products pulled whole, 1 failed/);
    const resumed = await runCli([...args, ...common, "--resume"], env);
    expect(resumed.code, resumed.stderr).toBe(7);
    expect(resumed.stderr).toMatch(
      /^20 reviews \(30 with earlier runs\) from 1 of 2 products pulled whole, 1 failed/m,
    );
    expect((await readFile(out, "utf8")).trim().split("\n")).toHaveLength(30);
  });

  it("--resume with another ids list is refused, naming what differs, and buys nothing", async () => {
    const { url, asked } = await startCatalog({ a: 30, b: 30 }, 20);
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, "a\nb\n");
    const out = path.join(dir, "r.csv");
    const first = await runCli(
      [
        "reviews",
        "--ids-file",
        ids,
        "--all",
        "--format",
        "csv",
        "--out",
        out,
        "--max-credits",
        "2",
        "--base-url",
        url,
      ],
      env,
    );
    expect(first.code).toBe(3);
    expect(existsSync(`${out}.checkpoint`)).toBe(true);
    await writeFile(ids, "a\nc\n");
    const before = asked.length;
    const again = await runCli(
      [
        "reviews",
        "--ids-file",
        ids,
        "--all",
        "--format",
        "csv",
        "--out",
        out,
        "--resume",
        "--base-url",
        url,
      ],
      env,
    );
    expect(again.code).toBe(2);
    // Said in words: it showed the two lists' sha256 hashes.
    expect(again.stderr).toMatch(
      /cannot resume .*: its list of ids was another \(the ids file's lines, or --shard, differ\); run the command/,
    );
    expect(asked.length).toBe(before);
  });
});

describe("--pages N over many products, stopped and resumed: each product's first N pages", () => {
  // [--pages (one page each when not given), --max-credits of the run that stops]. Stopped
  // after some products began and before they had their N pages, the resumed run gives each the
  // pages it has left: `--resume` of a pull of many was refused with --pages, and the rerun then
  // refused for the checkpoint it left (a dead end, the files to delete by hand).
  it.each<[number | undefined, number]>([
    [undefined, 1],
    [undefined, 3],
    [2, 3],
    [3, 4],
    [3, 8],
  ])("--pages %s, stopped at %s credits", { timeout: 30_000 }, async (n, credits) => {
    const sizes: Record<string, number> = { a: 5, b: 9, c: 1, d: 7 }; // 2 a page: 3, 5, 1, 4 pages
    const { pages, out, pull } = await pagedPull(sizes);
    const args = [...pull, ...(n === undefined ? [] : ["--pages", String(n)])];
    const stopped = await runCli([...args, "--max-credits", String(credits)], env);
    expect(stopped.code, stopped.stderr).toBe(3);
    expect(stopped.stderr).toContain("the same command with --resume continues the pull");
    const resumed = await runCli([...args, "--resume"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const budget = n ?? 1;
    const kept = Object.entries(sizes).map(([p, size]) => [p, Math.min(size, budget * 2)]);
    await expectFirstReviews(out, Object.fromEntries(kept) as Record<string, number>);
    // Every page of the budget asked, and none past it, in either run.
    const wanted = Object.entries(sizes).flatMap(([product, size]) =>
      Array.from(
        { length: Math.min(budget, Math.ceil(size / 2)) },
        (_, i) => `${product}:${i + 1}`,
      ),
    );
    expect([...new Set(pages)].sort()).toEqual(wanted.sort());
    // Each product's walk ended where --pages ends it, as in a run never stopped; none of those
    // cut off is said to be whole.
    const each = `at most ${budget} page${budget === 1 ? "" : "s"} each`;
    expect(resumed.stderr).toContain(` from 4 of 4 products done (${each}), `);
  });

  // [the stopped run's limit, the resume's, the refusal]. Each product's progress counts against
  // its limit, and one that reached it is done: another limit would leave some products at the
  // old one and some at the new, with "pulled whole" said of all.
  it.each<[string[], string[], string]>([
    [
      ["--pages", "2"],
      ["--pages", "3"],
      "it is a pull of --pages 2 for each entity, this command's is of --pages 3",
    ],
    [
      ["--pages", "2"],
      ["--all"],
      "it is a pull of --pages 2 for each entity, this command's is of --all",
    ],
    [[], ["--all"], "it is a pull of --pages 1 for each entity, this command's is of --all"],
    [
      ["--all"],
      ["--pages", "2"],
      "it is a pull of --all for each entity, this command's is of --pages 2",
    ],
  ])(
    "stopped with %j, resumed with %j: refused, nothing bought",
    { timeout: 30_000 },
    async (was, is, why) => {
      const { pages, out, pull: args } = await pagedPull({ a: 5, b: 9, c: 1, d: 7 });
      const stopped = await runCli([...args, ...was, "--max-credits", "3"], env);
      expect(stopped.code, stopped.stderr).toBe(3);
      const asked = pages.length;
      const resumed = await runCli([...args, ...is, "--resume"], env);
      expect([resumed.code, resumed.stderr]).toEqual([
        2,
        `keyapi-tiktok: cannot resume ${out}.checkpoint: ${why}; run the command it was written for, or delete it to start over\n`,
      ]);
      expect(pages.length).toBe(asked);
    },
  );

  it("a finished pull of one page each is no pull of every page", { timeout: 30_000 }, async () => {
    const { pages, pull } = await pagedPull({ a: 5, b: 1 });
    const args = [...pull, "--resume"];
    const first = await runCli(args, env);
    expect(first.code, first.stderr).toBe(0);
    const asked = pages.length;
    const all = await runCli([...args, "--all"], env);
    expect(all.code).toBe(2);
    expect(all.stderr).not.toMatch(/already complete/);
    expect(pages.length).toBe(asked);
  });
});
