// Runs the built client (ESM and CJS) and mock (ESM and CJS) on whatever runtime executes this
// file: Node 20/22/24 or Bun. Plain JavaScript on purpose: no loader, no test framework.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const pkg = (name, file) => path.join(root, "packages", name, "dist", file);
const REVIEWS = "/v1/tiktok/product/reviews/analytics";
const QUERY = { product_id: "1729471493154312768", page_num: 1, page_size: 10 };
const runtime = globalThis.Bun ? `bun ${globalThis.Bun.version}` : `node ${process.version}`;

function assert(ok, message) {
  if (!ok) throw new Error(`${runtime}: ${message}`);
}

async function scripted(statuses) {
  let n = 0;
  const server = createServer((_req, res) => {
    const status = statuses[Math.min(n++, statuses.length - 1)];
    const body =
      status === 200
        ? { code: 0, message: "success", data: [{ rating: 5 }], requestId: "r" }
        : { code: status, message: "busy", data: null };
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    count: () => n,
    close: () => new Promise((r) => server.close(r)),
  };
}

const clients = {
  "client ESM": await import(pathToFileURL(pkg("client", "index.js")).href),
  "client CJS": require(pkg("client", "index.cjs")),
};
const mocks = {
  "mock ESM": await import(pathToFileURL(pkg("mock", "index.js")).href),
  "mock CJS": require(pkg("mock", "index.cjs")),
};

const checks = [];
for (const [name, mod] of Object.entries(clients)) {
  const server = await scripted([503, 200]);
  const client = mod.createKeyApiClient({
    apiKey: "sk_test_runtime",
    baseUrl: server.url,
    retry: { baseDelayMs: 1 },
    logLevel: "error",
  });
  const data = await client.get(REVIEWS, { query: QUERY });
  assert(JSON.stringify(data) === '[{"rating":5}]' && server.count() === 2, `${name}: retried get`);
  const bad = await client.get(REVIEWS, { query: { ...QUERY, page_size: 11 } }).catch((e) => e);
  assert(
    bad instanceof mod.InvalidParamsError && bad instanceof mod.KeyApiError,
    `${name}: InvalidParamsError`,
  );
  const controller = new AbortController();
  const slow = await scripted([503]);
  const pending = mod
    .createKeyApiClient({
      apiKey: "sk_test_runtime",
      baseUrl: slow.url,
      logLevel: "error",
      retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
    })
    .get(REVIEWS, { query: QUERY, signal: controller.signal });
  await new Promise((r) => setTimeout(r, 100));
  const t = performance.now();
  controller.abort(new Error("stop"));
  const aborted = await pending.catch((e) => e);
  assert(
    aborted?.message === "stop" && performance.now() - t < 50,
    `${name}: abort during backoff`,
  );
  await server.close();
  await slow.close();
  checks.push(name);
}
for (const [name, mod] of Object.entries(mocks)) {
  const mock = await mod.startMockServer({ datasetSize: 25 });
  const client = clients["client ESM"].createKeyApiClient({
    apiKey: mock.testKey,
    baseUrl: mock.url,
  });
  let items = 0;
  const walk = client.paginate(REVIEWS, { query: { product_id: "42" } });
  for await (const _ of walk) items++;
  // 3 pages hold the data; pages already in flight past the end may be charged too.
  const { charged } = client.credits;
  assert(
    items === 25 && charged >= 3 && charged <= 3 + walk.stats.pastEnd,
    `${name}: paginate over the mock (${items} items, ${charged} charged)`,
  );
  await mock.close();
  checks.push(name);
}
console.log(`ok ${runtime}: ${checks.join(", ")}`);
