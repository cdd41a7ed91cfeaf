// One `get` by the built client (ESM) with the runtime's own fetch, against the API at env BASE:
// the runtime matrix runs it behind a CONNECT proxy to show which runtimes honour HTTPS_PROXY
// (docs/client.md "Behind a proxy"). Prints `ok <items>` or the error's one line.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { createKeyApiClient } = await import(
  pathToFileURL(path.join(root, "packages/client/dist/index.js")).href
);
const client = createKeyApiClient({ baseUrl: process.env.BASE, maxRetries: 0, logLevel: "off" });
try {
  const items = await client.get("/v1/tiktok/product/reviews/analytics", {
    query: { product_id: "1729471493154312768", page_num: 1, page_size: 10 },
  });
  console.log(`ok ${items.length}`);
} catch (error) {
  console.log(`${error.name}: ${error.message}`);
}
