import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { formatFor } from "../src/export/format-for.js";
import { KEY, runCli, tempDir } from "./support.js";

describe("the format of a pull", () => {
  it.each<[string | undefined, string | undefined, string]>([
    // --format given: it, whatever the file's name says.
    ["table", "reviews.csv", "table"],
    ["json", "reviews.ndjson", "json"],
    ["xml", "reviews.csv", "xml"], // refused by the caller, naming the flag
    ["CSV", undefined, "csv"],
    ["NDJson", "reviews.csv", "ndjson"],
    // Not given: the extension's, in any case.
    [undefined, "reviews.csv", "csv"],
    [undefined, "REVIEWS.CSV", "csv"],
    [undefined, "out/reviews.json", "json"],
    [undefined, "reviews.ndjson", "ndjson"],
    [undefined, "reviews.jsonl", "ndjson"],
    // No extension it knows, or no --out: the command's own.
    [undefined, "reviews.txt", "table"],
    [undefined, "reviews", "table"],
    [undefined, ".csv", "table"], // a dot file, not an extension
    [undefined, "/dev/stdout", "table"],
    [undefined, undefined, "table"],
  ])("--format %s --out %s → %s", (given, out, want) => {
    expect(formatFor(given, out, "table")).toBe(want);
  });
});

let mock: MockServer | undefined;
afterEach(() => mock?.close());

it("reviews --out reviews.csv writes CSV a spreadsheet opens, header first", async () => {
  mock = await startMockServer({ apiKeys: [KEY] });
  const out = path.join(await tempDir(), "reviews.csv");
  const run = await runCli(
    ["reviews", "1729471493154312768", "--out", out, "--base-url", mock.url],
    {
      KEYAPI_API_KEY: KEY,
    },
  );
  expect(run.code, run.stderr).toBe(0);
  const rows = parse(await readFile(out, "utf8"), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(10);
  expect(Object.keys(rows[0]!)).toContain("review_id");
});
