import { readFile, writeFile } from "node:fs/promises";
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
const REPEATS = /page 2 repeats page 1 item for item: `page_num` seems ignored/;

describe("a server that answers every page alike: the pull stops at page 2, said in one line", () => {
  // [name, args, exit code, what the output holds, requests: pages 1 and 2 of each product, and
  // at most the one page each had seen asked ahead]
  it.each<
    [string, string[], number, (dir: string, stderr: string) => Promise<void>, [number, number]]
  >([
    [
      "one product, --all: exit 5, page 1's records kept",
      ["reviews", "1", "--all", "--out", "r.csv"],
      5,
      async (dir, stderr) => {
        expect(
          (await readFile(path.join(dir, "r.csv"), "utf8")).trimEnd().split("\n"),
        ).toHaveLength(11);
        expect(stderr.split("\n").filter((l) => l.startsWith("keyapi-tiktok:"))).toEqual([
          expect.stringMatching(REPEATS),
        ]);
      },
      [2, 3],
    ],
    [
      "three products, --all: exit 7, each in FILE.failed with the reason",
      ["reviews", "--ids-file", "ids", "--all", "--out", "m.csv"],
      7,
      async (dir) => {
        const failed = (await readFile(path.join(dir, "m.csv.failed"), "utf8"))
          .trimEnd()
          .split("\n");
        expect(failed.map((l) => l.split("\t")[0]).sort()).toEqual(["1", "2", "3"]);
        for (const line of failed) expect(line).toMatch(REPEATS);
        expect(
          (await readFile(path.join(dir, "m.csv"), "utf8")).trimEnd().split("\n"),
        ).toHaveLength(31);
      },
      [6, 9],
    ],
  ])("%s", { timeout: 30_000 }, async (_name, args, code, check, [least, most]) => {
    fixed = await startFixedServer(200, { code: 0, message: "success", data: PAGE });
    const dir = await tempDir();
    await writeFile(path.join(dir, "ids"), "1\n2\n3\n");
    const run = await runCli(
      [
        "--base-url",
        fixed.url,
        ...args.map((a) => (["r.csv", "m.csv", "ids"].includes(a) ? path.join(dir, a) : a)),
      ],
      { KEYAPI_API_KEY: KEY },
    );
    expect(run.code, run.stderr).toBe(code);
    await check(dir, run.stderr);
    expect(fixed.requests()).toBeGreaterThanOrEqual(least);
    expect(fixed.requests()).toBeLessThanOrEqual(most);
  });
});
