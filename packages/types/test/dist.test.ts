import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const require = createRequire(import.meta.url);

// The built files, not the sources: this is what a consumer's bundler or Node loads.
describe.each([
  ["ESM import()", () => import(pathToFileURL(path.join(dist, "index.js")).href)],
  ["CJS require()", async () => require(path.join(dist, "index.cjs"))],
])("dist via %s", (_name, load) => {
  it("exposes the operation table with the overlay's bounds, pagination and credits", async () => {
    const { operationTable } = await load();
    const op = operationTable["/v1/tiktok/product/reviews/analytics"].get;
    expect(op.name).toBe("ProductReviewsAnalytics");
    expect(op.credits).toBe(1);
    expect(op.pagination).toMatchObject({
      pageParam: "page_num",
      sizeParam: "page_size",
      maxPageSize: 10,
    });
    expect(op.params.find((p: { name: string }) => p.name === "page_size").schema).toEqual({
      type: "integer",
      minimum: 1,
      maximum: 10,
    });
  });
});
