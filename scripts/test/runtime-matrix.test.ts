import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_CA,
  API_HOST,
  startConnectProxy,
  startTlsFront,
} from "../../packages/client/test/support/proxy.js";
import { locate, readRuntimes } from "../runtime/locate.mjs";
import { repoRoot } from "../src/repo.js";
import { run } from "./helpers.js";

// Real binaries from the npm registry, installed by the set-up (scripts/runtime/install.mjs);
// this test only looks them up and never downloads.
const RUNTIMES: [string, string][] = [
  ["Node 20 (this process)", process.execPath],
  ...readRuntimes().map((r): [string, string] => [r.name, locate(r).binary]),
];

describe("runtime matrix: the built client (ESM, CJS) and mock (ESM, CJS)", () => {
  it.each(RUNTIMES)("%s", { timeout: 120_000 }, async (name, binary) => {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: run \`node scripts/runtime/install.mjs\` (the set-up)`,
      );
    }
    const result = await run(binary, [path.join(repoRoot, "scripts/runtime/smoke.mjs")]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      new RegExp(
        `^ok ${name.startsWith("Bun") ? "bun" : "node"} .*: client ESM, client CJS, mock ESM, mock CJS\\n$`,
      ),
    );
    expect(result.code).toBe(0);
  });
});

// docs/client.md "Behind a proxy": which runtimes' own fetch honours HTTPS_PROXY, with and without
// NODE_USE_ENV_PROXY=1. The API answers only through a CONNECT proxy on loopback, under a name that
// resolves nowhere else, its certificate trusted through NODE_EXTRA_CA_CERTS.
/** What this test reads of the built mock (scripts does not depend on the mock's package). */
type MockServer = { url: string; testKey: string; close(): Promise<void> };

describe("runtime matrix: the built client behind a proxy, with the runtime's own fetch", () => {
  // [runtime, through the proxy with NODE_USE_ENV_PROXY=1, through it without]
  const HONOURS: Record<string, [boolean, boolean]> = {
    "Node 20 (this process)": [false, false],
    "Node 22": [true, false],
    "Node 24": [true, false],
    Bun: [true, true],
  };
  let mock: MockServer;
  let front: Awaited<ReturnType<typeof startTlsFront>>;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
  beforeAll(async () => {
    const { startMockServer } = (await import(
      pathToFileURL(path.join(repoRoot, "packages/mock/dist/index.js")).href
    )) as { startMockServer: () => Promise<MockServer> };
    mock = await startMockServer();
    front = await startTlsFront(mock.url);
    proxy = await startConnectProxy(front.port);
  });
  afterAll(async () => {
    await Promise.all([proxy.close(), front.close()]);
    await mock.close();
  });

  it.each(
    RUNTIMES.flatMap(([name, binary]) => [
      [name, binary, "1"] as const,
      [name, binary, ""] as const,
    ]),
  )("%s, NODE_USE_ENV_PROXY=%j", { timeout: 60_000 }, async (name, binary, flag) => {
    const honours = HONOURS[name];
    expect(honours, `${name}: add it to HONOURS`).toBeDefined();
    const through = honours![flag ? 0 : 1];
    proxy.log.targets.length = 0;
    const script = path.join(repoRoot, "scripts/runtime/proxy-get.mjs");
    const result = await run(binary, [script], repoRoot, {
      BASE: `https://${API_HOST}/`,
      KEYAPI_API_KEY: mock.testKey,
      // Both spellings, and no exception: the machine's own proxy settings decide no row.
      https_proxy: proxy.url,
      HTTPS_PROXY: proxy.url,
      no_proxy: "",
      NO_PROXY: "",
      NODE_USE_ENV_PROXY: flag,
      NODE_EXTRA_CA_CERTS: API_CA,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(
      through
        ? /^ok 10$/
        : /^ConnectionError: connection failed: fetch failed \(getaddrinfo (ENOTFOUND|EAI_AGAIN) api\.keyapi\.test\)$/,
    );
    expect(proxy.log.targets).toEqual(through ? [`CONNECT ${API_HOST}:443`] : []);
  });
});
