import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const require = createRequire(import.meta.url);

describe.each([
  ["ESM import()", () => import(pathToFileURL(path.join(dist, "index.js")).href)],
  ["CJS require()", async () => require(path.join(dist, "index.cjs"))],
])("dist via %s", (_name, load) => {
  it("starts a server that answers a page", async () => {
    const { startMockServer } = await load();
    const mock = await startMockServer({ datasetSize: 3 });
    try {
      const res = await fetch(
        `${mock.url}/v1/tiktok/product/reviews/analytics?product_id=1&page_num=1&page_size=10`,
        {
          headers: { authorization: `Bearer ${mock.testKey}` },
        },
      );
      expect((await res.json()).data).toHaveLength(3);
    } finally {
      await mock.close();
    }
  });
});

describe("keyapi-tiktok-mock bin", () => {
  it("prints its URL and a test key, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(dist, "bin.js"), "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        const m = /listening on (\S+)\ntest key: (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toMatch(/test key: sk_test_\w+/);
    const res = await fetch(
      `${url}/v1/tiktok/product/reviews/analytics?product_id=1&page_num=1&page_size=1`,
      {
        headers: { authorization: "Bearer sk_test_mock_key" },
      },
    );
    expect(res.status).toBe(200);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
