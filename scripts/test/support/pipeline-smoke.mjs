// Run inside a scratch copy of the repo whose spec is the multi-operation fixture, after a build:
// the built mock, client and CLI on every shape of operation. Prints one JSON report.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = process.argv[2];
const load = (pkg) => import(pathToFileURL(path.join(root, "packages", pkg, "dist/index.js")).href);
const { startMockServer } = await load("mock");
const { createKeyApiClient, InvalidParamsError } = await load("client");
const { operationTable } = await load("types");

const mock = await startMockServer({ datasetSize: 23 });
const client = createKeyApiClient({
  baseUrl: mock.url,
  apiKey: mock.testKey,
  validateResponses: true,
});
const report = { paged: {}, single: {}, bodyRefused: null, csv: null };

/** Every required query and path parameter but the page ones: an enum's first value, or a sample. */
function requiredArgs(op) {
  const query = {};
  const pathParams = {};
  for (const param of op.params) {
    const walk = op.pagination ?? {};
    if (!param.required || [walk.pageParam, walk.cursorParam, walk.sizeParam].includes(param.name))
      continue;
    const value = param.schema.enum?.[0] ?? (param.schema.type === "integer" ? 1 : "x1");
    if (param.in === "path") pathParams[param.name] = value;
    else if (param.in === "query") query[param.name] = value;
  }
  return { query, pathParams };
}
try {
  // Every paged operation: every item, in pages of the given size, through its items path.
  for (const [p, methods] of Object.entries(operationTable)) {
    for (const [method, op] of Object.entries(methods)) {
      const { query, pathParams } = requiredArgs(op);
      if (op.pagination) {
        const items = [];
        const { sizeParam } = op.pagination;
        for await (const item of client.paginate(p, {
          query: { ...query, ...(sizeParam ? { [sizeParam]: 7 } : {}) },
          path: pathParams,
        }))
          items.push(item);
        report.paged[`${method.toUpperCase()} ${p}`] = {
          items: items.length,
          distinct: new Set(items.map((x) => JSON.stringify(x))).size,
          style: op.pagination.style,
          source: op.pagination.source,
          itemsPath: op.pagination.itemsPath,
        };
      } else {
        const body = op.params.some((x) => x.in === "body")
          ? { image_url: "https://example.com/a.jpg" }
          : undefined;
        const { data, error } = await client.request(method, p, {
          params: { query, path: pathParams },
          ...(body ? { body } : {}),
        });
        report.single[`${method.toUpperCase()} ${p}`] = { ok: !error && data?.code === 0 };
      }
    }
  }
  // A body without its required field: refused before sending, named.
  const before = mock.stats.requests;
  const refused = await client
    .POST("/v1/tiktok/product/image-search", { body: { region: "US" } })
    .catch((e) => e);
  report.bodyRefused = {
    invalidParams: refused instanceof InvalidParamsError,
    message: refused.message,
    sent: mock.stats.requests - before,
  };
  // A 2-credit operation (its docs page says so): `maxCredits: 3` lets one call through and
  // refuses the second before sending.
  // A mock of its own: the walks above may still have pages in flight.
  const p = "/v1/tiktok/shop/products";
  const own = await startMockServer({ datasetSize: 23 });
  const budgeted = createKeyApiClient({ baseUrl: own.url, apiKey: own.testKey, maxCredits: 3 });
  // What the mock charged (a 429, retried by the client, is free and not counted).
  const served = () => Object.values(own.stats.charged).reduce((a, b) => a + b, 0);
  const servedBefore = served();
  const call = () =>
    budgeted
      .get(p, {
        query: { ...requiredArgs(operationTable[p].get).query, page_num: 1, page_size: 7 },
      })
      .then(
        () => "ok",
        (e) => e.name,
      );
  report.twoCredits = {
    credits: operationTable[p].get.credits,
    first: await call(),
    second: await call(),
    served: served() - servedBefore,
    charged: budgeted.credits.charged,
  };
  await own.close();
} finally {
  await mock.close();
}
// The CLI's generic export as CSV: a paged operation whose items are nested (data.list), and
// one whose items have nested objects and arrays.
const cli = (...args) =>
  execFileSync(process.execPath, [path.join(root, "packages/cli/dist/bin.js"), "--mock", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
const comments = ["call", "/v1/tiktok/video/{video_id}/comments", "-q", "video_id=v1", "--all"];
report.csv = cli(...comments, "--format", "csv");
report.csvProducts = cli("call", "/v1/tiktok/shop/products", "-q", "shop_id=s1", "--format", "csv");
report.commentIds = cli(...comments, "--format", "ndjson")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line).comment_id);
// A cursor walk stopped by its credit budget after two pages, then resumed from the position
// its checkpoint kept: every review once.
const out = path.join(root, "realtime-reviews.ndjson");
const reviews = ["call", "/v1/tiktok/product/reviews", "-q", "product_id=p1", "--all"];
const stopped = (() => {
  try {
    cli(...reviews, "--format", "ndjson", "--out", out, "--max-credits", "2");
    return { code: 0 };
  } catch (e) {
    return { code: e.status, checkpoint: JSON.parse(readFileSync(`${out}.checkpoint`, "utf8")) };
  }
})();
/**
 * `--resume` (`args`) of a checkpoint `edit`ed by hand: its exit code and what it said, the
 * checkpoint put back after.
 */
const resumeEdited = (args, file, edit) => {
  const checkpoint = readFileSync(`${file}.checkpoint`, "utf8");
  writeFileSync(`${file}.checkpoint`, JSON.stringify(edit(JSON.parse(checkpoint))));
  try {
    cli(...args, "--out", file, "--resume");
    return { code: 0 };
  } catch (e) {
    return { code: e.status, stderr: e.stderr };
  } finally {
    writeFileSync(`${file}.checkpoint`, checkpoint);
  }
};
// A position the cursor parameter refuses (the offset is an integer): the checkpoint's damage.
report.cursorAsText = resumeEdited([...reviews, "--format", "ndjson"], out, (cp) => ({
  ...cp,
  cursor: String(cp.cursor),
}));
cli(...reviews, "--format", "ndjson", "--out", out, "--resume");
const reviewIds = (text) =>
  text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line).review.review_id);
const ids = reviewIds(readFileSync(out, "utf8"));
report.cursorResume = {
  stoppedCode: stopped.code,
  cursor: stopped.checkpoint?.cursor,
  nextPage: stopped.checkpoint?.nextPage,
  records: ids.length,
  distinct: new Set(ids).size,
  // The same pull, never stopped: what the resumed one must equal, id for id.
  sameAsUnstopped:
    JSON.stringify(ids) === JSON.stringify(reviewIds(cli(...reviews, "--format", "ndjson"))),
};
// The same operation pulled for many products, stopped by its credit budget while some are
// part-way, then resumed from the positions its checkpoint kept: each product's reviews once and
// in order, as a pull never stopped has them.
const idsFile = path.join(root, "products.txt");
writeFileSync(idsFile, "p1\np2\np3\np4\n");
const many = ["call", "/v1/tiktok/product/reviews", "--each", `product_id=@${idsFile}`, "--all"];
const manyOut = path.join(root, "many-reviews.ndjson");
const codeOf = (...args) => {
  try {
    cli(...args);
    return 0;
  } catch (e) {
    return e.status;
  }
};
const manyStoppedCode = codeOf(
  ...many,
  "--format",
  "ndjson",
  "--out",
  manyOut,
  "--max-credits",
  "5",
);
const manyCheckpoint = JSON.parse(readFileSync(`${manyOut}.checkpoint`, "utf8"));
const byProduct = (text) => {
  const seen = {};
  for (const line of text.trim().split("\n")) {
    const { product_id, review } = JSON.parse(line);
    (seen[product_id] ??= []).push(review.review_id);
  }
  return seen;
};
// Positions that do not go with the products' pages, each refused as damage before anything is
// bought: none for a product part-way (as the versions before them wrote: its first pages would
// be written twice), one for a product at its first page (they would be skipped), one the
// offset parameter refuses.
const manyArgs = [...many, "--format", "ndjson"];
const someKept = Object.keys(manyCheckpoint.cursors ?? {})[0];
const manyEdited = {
  withoutPositions: resumeEdited(manyArgs, manyOut, ({ cursors: _, ...cp }) => cp),
  notPartWay: resumeEdited(manyArgs, manyOut, (cp) => ({
    ...cp,
    entities: cp.entities.map((n, i) => (String(i) === someKept ? 1 : n)),
  })),
  asText: resumeEdited(manyArgs, manyOut, (cp) => ({
    ...cp,
    cursors: { ...cp.cursors, [someKept]: String(cp.cursors[someKept]) },
  })),
};
const manyResumedCode = codeOf(...many, "--format", "ndjson", "--out", manyOut, "--resume");
const resumed = byProduct(readFileSync(manyOut, "utf8"));
const unstopped = byProduct(cli(...many, "--format", "ndjson"));
report.manyCursorResume = {
  stoppedCode: manyStoppedCode,
  // Each position kept is of a product part-way: past its first page, not done nor failed.
  partWay: Object.keys(manyCheckpoint.cursors ?? {}).map((i) => manyCheckpoint.entities[i] > 1),
  ...manyEdited,
  resumedCode: manyResumedCode,
  products: Object.keys(resumed).sort(),
  sameAsUnstopped:
    JSON.stringify(resumed, Object.keys(unstopped).sort()) ===
    JSON.stringify(unstopped, Object.keys(unstopped).sort()),
  records: Object.values(resumed).flat().length,
  unstoppedRecords: Object.values(unstopped).flat().length,
};
console.log(JSON.stringify(report));
