import { cp, readdir, readFile, symlink } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { run, runScript, tempDir } from "./helpers.js";
import { serveSite, sitePages } from "./support/fixture-site.js";

// The day the vendor's whole spec lands: a scratch copy of this tree takes the multi-operation
// fixture through `spec:update`, is rebuilt, and its built mock, client and CLI serve, page,
// check and export every shape of operation, with no hand edit.
const FIXTURE = path.join(repoRoot, "scripts/fixtures/multi-op/tiktok.fixture.openapi.json");
// Not copied: the root's store (linked instead), build outputs and caches at any depth, and the
// root's own folders of results.
const SKIP_TOP = new Set([".git", "node_modules", "bench", "coverage"]);
const SKIP_ANY = new Set(["dist", ".turbo", ".cache"]);

/** A `--resume` refused: its exit code and what it said. */
type Refusal = { code: number; stderr?: string };

let mockSuites: {
  testResults: {
    assertionResults: { title: string; status: string; failureMessages?: string[] }[];
  }[];
};
let report: {
  paged: Record<
    string,
    { items: number; distinct: number; style: string; source: string; itemsPath: string }
  >;
  cursorResume: {
    stoppedCode: number;
    cursor: unknown;
    nextPage: number;
    records: number;
    distinct: number;
    sameAsUnstopped: boolean;
  };
  manyCursorResume: {
    stoppedCode: number;
    partWay: boolean[];
    withoutPositions: Refusal;
    notPartWay: Refusal;
    asText: Refusal;
    resumedCode: number;
    products: string[];
    sameAsUnstopped: boolean;
    records: number;
    unstoppedRecords: number;
  };
  cursorAsText: Refusal;
  single: Record<string, { ok: boolean }>;
  bodyRefused: { invalidParams: boolean; message: string; sent: number };
  csv: string;
  csvProducts: string;
  commentIds: string[];
  twoCredits: { credits: number; first: string; second: string; served: number; charged: number };
};

beforeAll(async () => {
  const scratch = await tempDir("pipeline");
  // Source only; package-level node_modules are symlink farms (kept as links, so the workspace
  // links point into the scratch copy); the root's store is shared.
  await cp(repoRoot, scratch, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const parts = path.relative(repoRoot, src).split(path.sep);
      return !SKIP_TOP.has(parts[0]!) && !parts.some((p) => SKIP_ANY.has(p));
    },
  });
  await symlink(path.join(repoRoot, "node_modules"), path.join(scratch, "node_modules"));
  // From the one-operation base, whatever is vendored today (the fixture itself, one day).
  await cp(
    path.join(repoRoot, "scripts/fixtures/spec-versions/base.openapi.json"),
    path.join(scratch, "spec/tiktok.openapi.json"),
  );
  // The vendor's way: the fixture as a docs site (a page per operation, two at 2 credits).
  const site = await serveSite(sitePages(JSON.parse(await readFile(FIXTURE, "utf8"))));
  const update = await runScript("spec-update.ts", [site.url, "--root", scratch, "--no-reports"]);
  await site.close();
  expect(update.code, update.stderr + update.stdout).toBe(0);
  // Every operation of the fixture but the base's one is added, and every component schema: new,
  // they are used by the new version's operations only, so each is listed at the component.
  const fixture = JSON.parse(await readFile(FIXTURE, "utf8"));
  const added =
    Object.values(fixture.paths as object[]).flatMap((item) => Object.keys(item)).length -
    1 +
    Object.keys(fixture.components?.schemas ?? {}).length;
  expect(update.stdout).toContain(`0 breaking, ${added} additive`);
  const build = await run(
    "pnpm",
    ["exec", "turbo", "run", "build", "--output-logs=errors-only"],
    scratch,
  );
  expect(build.code, build.stdout + build.stderr).toBe(0);
  const smoke = await run(process.execPath, [
    path.join(repoRoot, "scripts/test/support/pipeline-smoke.mjs"),
    scratch,
  ]);
  expect(smoke.code, smoke.stderr).toBe(0);
  report = JSON.parse(smoke.stdout);
  expect(await readdir(path.join(scratch, ".changeset"))).toContain("config.json");
  // The mock's own suites, unchanged, over the fixture: Prism contracts and dataset properties
  // for every operation of the spec they find.
  const results = path.join(scratch, "mock-results.json");
  const mockTests = await run(
    "pnpm",
    [
      "exec",
      "vitest",
      "run",
      "test/contract.test.ts",
      "test/mock-server.test.ts",
      "--reporter=json",
      `--outputFile=${results}`,
    ],
    path.join(scratch, "packages/mock"),
  );
  mockSuites = JSON.parse(await readFile(results, "utf8"));
  // The JSON reporter prints nothing of a failure: its report says which tests failed and why.
  const failed = mockSuites.testResults
    .flatMap((r) => r.assertionResults)
    .filter((t) => t.status === "failed")
    .map((t) => `${t.title}: ${(t.failureMessages ?? []).join("\n").slice(0, 1500)}`);
  expect(mockTests.code, failed.join("\n\n") || mockTests.stderr.slice(-2000)).toBe(0);
}, 300_000);

describe("the multi-operation fixture through spec:update, build, mock, client and CLI", () => {
  it.each([
    ["GET /v1/tiktok/product/reviews/analytics", "page", "overlay", "data"],
    ["GET /v1/tiktok/product/reviews", "cursor", "convention", "data.review_items"],
    ["GET /v1/tiktok/shop/products", "page", "convention", "data"],
    ["GET /v1/tiktok/video/{video_id}/comments", "page", "convention", "data.list"],
    ["GET /v1/tiktok/hashtag/trending", "page", "convention", "data"],
  ])(
    "%s is paged (%s style, by %s): every item of the mock's 23 once, through %s",
    (key, style, source, itemsPath) => {
      expect(report.paged[key]).toEqual({ items: 23, distinct: 23, style, source, itemsPath });
    },
  );

  it("a cursor walk stopped by its budget keeps the next position, and --resume takes every review once", () => {
    // The CLI's mock has its own dataset size per product: every one of them, none twice.
    const { stoppedCode, records, distinct, sameAsUnstopped, ...checkpoint } = report.cursorResume;
    expect(stoppedCode).toBe(3); // --max-credits
    expect(checkpoint).toEqual({ cursor: 20, nextPage: 3 });
    // The same position as text, which the integer offset refuses: damage, before anything.
    expect(report.cursorAsText.code).toBe(2);
    expect(report.cursorAsText.stderr).toMatch(
      /^keyapi-tiktok: the checkpoint of .*realtime-reviews\.ndjson is damaged \(a position it keeps: .*"20"\): delete it and its data to start over\n$/,
    );
    expect(distinct).toBe(records);
    expect(sameAsUnstopped).toBe(true);
  });

  it("a cursor pull of many stopped by its budget keeps each part-way product's position, and --resume takes each product's reviews once, in order", () => {
    const {
      partWay,
      withoutPositions,
      notPartWay,
      asText,
      sameAsUnstopped,
      records,
      unstoppedRecords,
      ...codes
    } = report.manyCursorResume;
    // [the checkpoint edited by hand, why it is damaged]
    for (const [refusal, why] of [
      [withoutPositions, /no position to go on from for p\d/],
      [notPartWay, /a position kept for p\d, not part-way/],
      [asText, /a position it keeps: .*"\d+"/],
    ] as const) {
      expect(refusal.code).toBe(2);
      expect(refusal.stderr).toMatch(
        new RegExp(
          `^keyapi-tiktok: the checkpoint of .*many-reviews\\.ndjson is damaged \\(${why.source}\\): delete it and its data to start over\n$`,
        ),
      );
    }
    expect(codes).toEqual({
      stoppedCode: 3, // --max-credits
      resumedCode: 0,
      products: ["p1", "p2", "p3", "p4"],
    });
    // Five credits over four products: some are part-way, and each position kept is one's.
    expect(partWay.length).toBeGreaterThan(0);
    expect(partWay.every(Boolean)).toBe(true);
    expect(records).toBe(unstoppedRecords);
    expect(sameAsUnstopped).toBe(true);
  });

  it.each(["GET /v1/tiktok/influencer/detail", "POST /v1/tiktok/product/image-search"])(
    "%s is one call that succeeds, its response validated",
    (key) => expect(report.single[key]).toEqual({ ok: true }),
  );

  it("a 2-credit operation is charged 2: maxCredits 3 lets one call through, refuses the second unsent", () => {
    expect(report.twoCredits).toEqual({
      credits: 2,
      first: "ok",
      second: "CreditBudgetExceededError",
      served: 2,
      charged: 2,
    });
  });

  it("a body without its required field is refused before sending, naming it", () => {
    expect(report.bodyRefused).toEqual({
      invalidParams: true,
      message: "body.image_url: required",
      sent: 0,
    });
  });

  it("the CLI exports a paged operation with nested items as CSV: header from the item schema, every row", () => {
    const lines = report.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("comment_id,text,digg_count,create_time");
    // A row for every comment the same pull gives as NDJSON.
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(report.commentIds);
  });

  it("the mock's synthetic items look like the vendor's: an `_id` is an id, whatever its name", () => {
    expect(new Set(report.commentIds).size).toBe(report.commentIds.length);
    for (const id of report.commentIds) expect(id).toMatch(/^\d{19}$/);
  });

  it("CSV columns flatten nested objects and keep arrays as JSON text", () => {
    const [header, first] = report.csvProducts.split("\r\n");
    expect(header).toBe(
      "product_id,title,price,currency,sales,category.category_id,category.name," +
        "sku_code,listed_at,discount,price_cents,shop_region,tags",
    );
    expect(first).toMatch(/,"\[.*\]"$/);
  });

  it.each([
    "get /v1/tiktok/product/reviews/analytics",
    "get /v1/tiktok/product/reviews",
    "get /v1/tiktok/shop/products",
    "get /v1/tiktok/influencer/detail",
    "get /v1/tiktok/video/{video_id}/comments",
    "get /v1/tiktok/hashtag/trending",
    "post /v1/tiktok/product/image-search",
  ])("the mock's Prism contract and routing tests ran and passed for %s", (key) => {
    // vitest writes `$method $path` as quoted values.
    const op = key.replace(/^(\S+) (\S+)$/, "'$1' '$2'");
    const titles = mockSuites.testResults
      .flatMap((r) => r.assertionResults)
      .filter((t) => t.title.includes(op));
    expect(titles.map((t) => t.title)).toEqual(
      expect.arrayContaining([
        `${op} with valid parameters succeeds`,
        `routes ${op} and answers with requestId`,
      ]),
    );
    expect(titles.every((t) => t.status === "passed")).toBe(true);
  });
});
