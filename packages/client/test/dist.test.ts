import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const require = createRequire(import.meta.url);

let server: ScriptedServer | undefined;
afterEach(() => server?.close());

// The built files, as a consumer's Node loads them: publint and attw are type-level and
// miss a CJS build whose openapi-fetch interop crashes at run time.
describe.each([
  ["ESM import()", () => import(pathToFileURL(path.join(dist, "index.js")).href)],
  ["CJS require()", async () => require(path.join(dist, "index.cjs"))],
])("dist via %s", (_name, load) => {
  it("makes a retried request against a loopback server", async () => {
    const mod = await load();
    server = await startScriptedServer([reply.error(503, "busy"), reply.ok()]);
    const client = mod.createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
    });
    expect(await client.get(REVIEWS, { query: QUERY })).toEqual([{ review_id: "r1", rating: 5 }]);
    expect(server.received).toHaveLength(2);
    expect(server.received[0]!.headers["user-agent"]).toBe(`@keyapi-tiktok/client/${mod.VERSION}`);
    expect(mod.VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("answers openapi-fetch's GET on both of its roads", async () => {
    const mod = await load();
    server = await startScriptedServer([reply.ok()]);
    const direct = mod.createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const through = mod.createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    through.use({ onRequest: () => undefined });
    for (const client of [direct, through]) {
      const { data, response } = await client.GET(REVIEWS, { params: { query: QUERY } });
      expect(data.data).toEqual([{ review_id: "r1", rating: 5 }]);
      expect(response.status).toBe(200);
    }
    expect(server.received).toHaveLength(2);
  });

  it("throws its own error classes", async () => {
    const mod = await load();
    const client = mod.createKeyApiClient({ apiKey: KEY });
    const error = await client
      .get(REVIEWS, { query: { ...QUERY, page_size: 11 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(mod.InvalidParamsError);
    expect(error).toBeInstanceOf(mod.KeyApiError);
  });
});
