import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyApiClient } from "@keyapi-tiktok/client";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { KEY, runCli, tempDir } from "./support.js";

const PRODUCT = "1729471493154312768";
let mock: MockServer;
let expected: Record<string, unknown>[];

beforeAll(async () => {
  mock = await startMockServer({ datasetSize: 10_000 });
  expected = [];
  const client = createKeyApiClient({ apiKey: KEY, baseUrl: mock.url });
  for await (const r of client.paginate("/v1/tiktok/product/reviews/analytics", {
    query: { product_id: PRODUCT },
  })) {
    expected.push(r);
  }
});
afterAll(() => mock.close());

// [format, how to read the file back into records]
const formats: [string, (text: string) => Record<string, unknown>[]][] = [
  ["json", (t) => JSON.parse(t)],
  [
    "ndjson",
    (t) =>
      t
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
  ],
  [
    "csv",
    (t) =>
      // csv-parse reads RFC 4180 back; numbers come back as text, so cast the numeric columns.
      parse(t, {
        columns: true,
        cast: (v, ctx) =>
          ["rating", "review_timestamp"].includes(String(ctx.column)) ? Number(v) : v,
      }),
  ],
];

describe("reviews --all on 10,000 reviews", () => {
  it.each(formats)("--format %s reads back equal to the data", async (format, read) => {
    const out = path.join(await tempDir(), `reviews.${format}`);
    const run = await runCli(
      ["reviews", PRODUCT, "--all", "--format", format, "--out", out, "--base-url", mock.url],
      {
        KEYAPI_API_KEY: KEY,
      },
    );
    expect(run.stderr).toContain("10000 reviews, 1001 pages");
    expect(run.code).toBe(0);
    const records = read(await readFile(out, "utf8"));
    expect(records).toHaveLength(10_000);
    expect(records).toEqual(expected);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it("--format table prints one line a review with a header", async () => {
    const run = await runCli(["reviews", PRODUCT, "--all", "--base-url", mock.url], {
      KEYAPI_API_KEY: KEY,
    });
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(10_001);
    expect(lines[0]).toMatch(/^review\s+rating\s+review_id\s+date\s+sku$/);
    expect(lines[1]).toContain(String(expected[0]!.review_id));
  });

  it("CSV quotes commas, quotes and newlines (RFC 4180)", async () => {
    const out = path.join(await tempDir(), "q.csv");
    await runCli(
      [
        "reviews",
        PRODUCT,
        "--pages",
        "30",
        "--format",
        "csv",
        "--out",
        out,
        "--base-url",
        mock.url,
      ],
      {
        KEYAPI_API_KEY: KEY,
      },
    );
    const text = await readFile(out, "utf8");
    expect(text).toContain('"Exactly as pictured. My daughter said ""best gift ever"" 🎁"');
    expect(text).toMatch(/"Runs small, order one size up\.\nOtherwise perfect\."/);
    expect(text.split("\r\n")[0]).toBe(
      "display_text,product_id,rating,review_id,review_timestamp,sku_id,sku_specification",
    );
  });

  it("--summary prints the distribution, average, SKUs and dates of the whole pull", async () => {
    const run = await runCli(["reviews", PRODUCT, "--all", "--summary", "--base-url", mock.url], {
      KEYAPI_API_KEY: KEY,
    });
    const count = (star: number) => expected.filter((r) => r.rating === star).length;
    expect(run.stdout).toContain("10000 reviews");
    for (const star of [5, 4, 3, 2, 1]) {
      expect(run.stdout).toMatch(
        new RegExp(`${star}★ █* +${count(star)}  +${(count(star) / 100).toFixed(1)}%`),
      );
    }
    const avg = expected.reduce((s, r) => s + (r.rating as number), 0) / expected.length;
    expect(run.stdout).toContain(`average rating: ${avg.toFixed(2)}`);
    expect(run.stdout).toMatch(/reviews per SKU:\n +\d+ {2}Item: /);
    expect(run.stdout).toMatch(/first review: \d{4}-\d\d-\d\d\nlast review: {2}\d{4}-\d\d-\d\d/);
  });
});
