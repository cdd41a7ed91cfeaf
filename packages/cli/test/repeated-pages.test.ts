import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KEY, runCli, tempDir } from "./support.js";
import { startFixedServer } from "./support-hostile-server.js";

// A server that ignores `page_num` answers every page with the same ten reviews, and no page is
// ever short: before the client's guard, `--all` bought pages up to the spec's 100,000.

let fixed: Awaited<ReturnType<typeof startFixedServer>> | undefined;
afterEach(async () => {
  await fixed?.close();
  fixed = undefined;
});

const PAGE = Array.from({ length: 10 }, (_, i) => ({ review_id: `r${i}`, rating: 5 }));
const NOTHING_NEW = /pages 2–4 repeat the page before them: `page_num` seems ignored/;
const lines = async (file: string) => (await readFile(file, "utf8")).trimEnd().split("\n");

describe("a server that answers every page alike: the pull stops at page 4, said in one line", () => {
  // [name, args, exit code, what the output holds, requests: pages 1–4 of each product, and at
  // most the 3 pages each had seen asked ahead]
  it.each<
    [string, string[], number, (dir: string, stderr: string) => Promise<void>, [number, number]]
  >([
    [
      "one product, --all: exit 5, page 1's records kept, --resume not advised",
      ["reviews", "1", "--all", "--out", "r.csv"],
      5,
      async (dir, stderr) => {
        expect(await lines(path.join(dir, "r.csv"))).toHaveLength(11);
        expect(stderr.split("\n").filter((l) => l.startsWith("keyapi-tiktok:"))).toEqual([
          expect.stringMatching(NOTHING_NEW),
        ]);
        expect(stderr).toMatch(
          /the 10 records received are in .*r\.csv; --resume would buy the same pages again/,
        );
      },
      [4, 7],
    ],
    [
      "three products, --all: exit 7, each in FILE.failed with the reason",
      ["reviews", "--ids-file", "ids", "--all", "--out", "m.csv"],
      7,
      async (dir) => {
        const failed = await lines(path.join(dir, "m.csv.failed"));
        expect(failed.map((l) => l.split("\t")[0]).sort()).toEqual(["1", "2", "3"]);
        for (const line of failed) expect(line).toMatch(NOTHING_NEW);
        expect(await lines(path.join(dir, "m.csv"))).toHaveLength(31);
      },
      [12, 21],
    ],
  ])("%s", { timeout: 30_000 }, async (_name, args, code, check, [least, most]) => {
    fixed = await startFixedServer(200, { code: 0, message: "success", data: PAGE });
    const dir = await tempDir();
    await writeFile(path.join(dir, "ids"), "1\n2\n3\n");
    const inDir = (a: string) => (["r.csv", "m.csv", "ids"].includes(a) ? path.join(dir, a) : a);
    const run = await runCli(["--base-url", fixed.url, ...args.map(inDir)], {
      KEYAPI_API_KEY: KEY,
    });
    expect(run.code, run.stderr).toBe(code);
    await check(dir, run.stderr);
    expect(fixed.requests()).toBeGreaterThanOrEqual(least);
    expect(fixed.requests()).toBeLessThanOrEqual(most);
  });

  it(
    "--resume of a pull stopped so is refused, nothing bought, the records kept",
    { timeout: 30_000 },
    async () => {
      fixed = await startFixedServer(200, { code: 0, message: "success", data: PAGE });
      const dir = await tempDir();
      const out = path.join(dir, "r.csv");
      const pull = ["--base-url", fixed.url, "reviews", "1", "--all", "--out", out];
      expect((await runCli(pull, { KEYAPI_API_KEY: KEY })).code).toBe(5);
      const bought = fixed.requests();
      // Each resume bought 3 more pages and appended page 2 (page 1 again), exit 5 each time.
      for (const flags of [["--resume"], []]) {
        const again = await runCli([...pull, ...flags], { KEYAPI_API_KEY: KEY });
        expect([again.code, fixed.requests()]).toEqual([2, bought]);
        expect(again.stderr).toMatch(
          /r\.csv\.checkpoint is of a pull stopped because the server answered the same page again and again: --resume would buy the same pages again; delete it and .*r\.csv to pull again from the start\n$/,
        );
      }
      expect(await lines(out)).toHaveLength(11);
      expect((await readdir(dir)).sort()).toEqual(["r.csv", "r.csv.checkpoint"]);
    },
  );
});
