import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { existsSync } from "node:fs";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locate, readRuntimes } from "../../../scripts/runtime/locate.mjs";
import { EXIT } from "../src/exit-codes.js";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runCli, tempDir } from "./support.js";
import {
  API_CA,
  API_HOST,
  startConnectProxy,
  startHangingUpProxy,
  startTlsFront,
} from "../../client/test/support/proxy.js";

// An analyst behind a corporate proxy: the API is reachable only through it (here a CONNECT proxy
// on loopback, and a name, api.keyapi.test, that resolves nowhere else), its TLS re-signed by a
// CA given to Node in NODE_EXTRA_CA_CERTS. Node 20's fetch ignores the proxy variables.

const PASSWORD = "pr0xy-SECRET-pw";
let mock: MockServer;
let front: Awaited<ReturnType<typeof startTlsFront>>;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
let guarded: Awaited<ReturnType<typeof startConnectProxy>>;
beforeAll(async () => {
  mock = await startMockServer({ datasetSize: 30 });
  front = await startTlsFront(mock.url);
  proxy = await startConnectProxy(front.port);
  guarded = await startConnectProxy(front.port, PASSWORD);
});
afterAll(async () => {
  await Promise.all([proxy.close(), guarded.close(), front.close()]);
  await mock.close();
});

const PULL = ["--base-url", `https://${API_HOST}/`, "reviews", "7", "--pages", "1"];
const pull = (env: Record<string, string>, before: string[] = [], after: string[] = []) =>
  runCli([...before, ...PULL, "--format", "ndjson", ...after], behind(env));
/** The run's environment: the mock's key, the API's CA, and no proxy but `env`'s. */
const behind = (env: Record<string, string>) => ({
  KEYAPI_API_KEY: mock.testKey,
  NODE_EXTRA_CA_CERTS: API_CA,
  // The machine's own proxy settings must not decide a row.
  ...Object.fromEntries(
    ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"].map(
      (name) => [name, ""],
    ),
  ),
  no_proxy: "",
  NO_PROXY: "",
  ...env,
});
const through = (port: number, auth = "") => `http://${auth}127.0.0.1:${port}`;
const tunnel = `CONNECT ${API_HOST}:443`;

describe("the CLI reaches the API through the proxy the environment names", () => {
  // [case, environment (ports filled in), tunnels the open proxy saw, exit code]
  it.each<[string, (p: number) => Record<string, string>, string[], number]>([
    ["HTTPS_PROXY", (p) => ({ HTTPS_PROXY: through(p) }), [tunnel], EXIT.ok],
    [
      "https_proxy before HTTPS_PROXY (lower case first, as curl)",
      (p) => ({ https_proxy: through(p), HTTPS_PROXY: through(1) }),
      [tunnel],
      EXIT.ok,
    ],
    [
      "only HTTP_PROXY: https goes through it, as npm's does",
      (p) => ({ HTTP_PROXY: through(p) }),
      [tunnel],
      EXIT.ok,
    ],
    ["ALL_PROXY (curl's)", (p) => ({ ALL_PROXY: through(p) }), [tunnel], EXIT.ok],
    [
      "a proxy without a scheme (proxy:3128)",
      (p) => ({ HTTPS_PROXY: `127.0.0.1:${p}` }),
      [tunnel],
      EXIT.ok,
    ],
    [
      "NO_PROXY naming the API: direct, where the name does not resolve",
      (p) => ({ HTTPS_PROXY: through(p), NO_PROXY: API_HOST }),
      [],
      EXIT.server,
    ],
    ["no proxy variable: direct, where the name does not resolve", () => ({}), [], EXIT.server],
  ])("%s", async (_case, env, tunnels, code) => {
    proxy.log.targets.length = 0;
    const run = await pull(env(proxy.port));
    expect(run.code, run.stderr).toBe(code);
    expect(proxy.log.targets).toEqual(code === EXIT.ok ? tunnels : []);
    if (code === EXIT.ok) expect(run.stdout.trim().split("\n")).toHaveLength(10);
    // The key rides inside the tunnel's TLS: the proxy never sees it.
    expect(proxy.log.headers.join("\n")).not.toContain(mock.testKey);
  });

  it("a proxy's user and password go as Proxy-Authorization, and are never printed", async () => {
    guarded.log.credentials.length = 0;
    const ok = await pull({ HTTPS_PROXY: through(guarded.port, `user:${PASSWORD}@`) }, ["--debug"]);
    expect(ok.code, ok.stderr).toBe(EXIT.ok);
    expect(guarded.log.credentials).toEqual([`user:${PASSWORD}`]);
    // A user alone (an access token, as curl sends it): the proxy is told `token:`.
    proxy.log.credentials.length = 0;
    const token = await pull({ HTTPS_PROXY: through(proxy.port, "tok3n@") });
    expect(token.code, token.stderr).toBe(EXIT.ok);
    expect(proxy.log.credentials).toEqual(["tok3n:"]);
    expect(ok.stderr).toContain(
      `requests go https through http://…@127.0.0.1:${guarded.port} (HTTPS_PROXY)`,
    );
    guarded.log.credentials.length = 0;
    const refused = await pull({ HTTPS_PROXY: through(guarded.port, "user:wrong-pw@") }, [
      "--debug",
    ]);
    // The run's credentials: exit 3, and a wrong password is sent once (the client's retries
    // are not sent to the proxy), not once a request.
    expect(refused.code).toBe(EXIT.auth);
    // The line ends there: the refusal is not retried (no backoff, no "retry budget" note).
    expect(refused.stderr).toMatch(
      /connection failed: fetch failed \(the proxy in HTTPS_PROXY refused its credentials \(407 Proxy Authentication Required\): not asked again\)$/m,
    );
    expect(refused.stderr).not.toMatch(/retry \d/);
    expect(guarded.log.credentials).toEqual(["user:wrong-pw"]);
    // Many products at once (a window of 32 pages): still asked once, and the pull stops.
    const dir = await tempDir();
    const ids = path.join(dir, "ids.txt");
    await writeFile(ids, Array.from({ length: 50 }, (_, i) => `p${i}`).join("\n"));
    guarded.log.credentials.length = 0;
    const many = await runCli(
      ["--base-url", `https://${API_HOST}/`, "reviews", "--ids-file", ids, "--all"].concat([
        "--format",
        "ndjson",
        "--out",
        path.join(dir, "out.ndjson"),
      ]),
      {
        KEYAPI_API_KEY: mock.testKey,
        NODE_EXTRA_CA_CERTS: API_CA,
        HTTPS_PROXY: through(guarded.port, "user:wrong-pw@"),
      },
    );
    expect(many.code, many.stderr).toBe(EXIT.auth);
    expect(guarded.log.credentials).toEqual(["user:wrong-pw"]);
    for (const text of [ok.stderr, refused.stderr]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain("wrong-pw");
    }
  });

  it("a certificate Node was not given (NODE_EXTRA_CA_CERTS unset) is named, not 'fetch failed'", async () => {
    const run = await pull({ HTTPS_PROXY: through(proxy.port), NODE_EXTRA_CA_CERTS: "" });
    expect(run.code).toBe(EXIT.server);
    expect(run.stderr).toMatch(/connection failed: fetch failed \(self[- ]signed certificate\)/);
  });

  it("a proxy that hangs up on every CONNECT: one connection an attempt, and it is named", async () => {
    // undici reconnected at once for as long as the request waited (570,000 connections in 90 s).
    const hangsUp = await startHangingUpProxy();
    try {
      const run = await pull({ HTTPS_PROXY: hangsUp.url });
      expect(run.code).toBe(EXIT.server);
      expect(run.stderr).toMatch(
        /connection failed: fetch failed \(the proxy in HTTPS_PROXY closed the connection without answering\)/,
      );
      expect(hangsUp.connects()).toBe(3); // the first attempt and the client's two retries
    } finally {
      await hangsUp.close();
    }
  });

  it("a proxy that never answers: the tunnel's half of --timeout, said as the proxy's, nothing charged", async () => {
    // Had the request's own timeout come first, it would count as charged (a request that timed
    // out may have been served): --max-credits 2 ended a pull that never reached the API.
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket.on("error", () => {})));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const run = await pull(
        { HTTPS_PROXY: through(port) },
        ["--timeout", "2"],
        ["--max-credits", "2"],
      );
      expect(run.code, run.stderr).toBe(EXIT.server);
      expect(run.stderr).toMatch(
        /connection failed: fetch failed \(the proxy in HTTPS_PROXY did not open a tunnel within 1000 ms\)/,
      );
      expect(run.stderr).toContain("0 reviews, 0 pages, 0 credits spent (3 requests)");
      expect(sockets).toHaveLength(3); // the first attempt and the client's two retries

      // Many products: the proxy's failure is every product's, so the pull stops there (exit 5,
      // no product listed as failed on its own), and --resume buys them once the proxy works.
      const dir = await tempDir();
      const [ids, out] = [path.join(dir, "ids.txt"), path.join(dir, "r.ndjson")];
      await writeFile(ids, "7\n8\n9\n");
      const many = (env: Record<string, string>) =>
        runCli(
          [
            "--timeout",
            "2",
            "--base-url",
            `https://${API_HOST}/`,
            "reviews",
            "--ids-file",
            ids,
          ].concat(["--all", "--format", "ndjson", "--out", out, "--resume"]),
          behind(env),
        );
      const stopped = await many({ HTTPS_PROXY: through(port) });
      expect(stopped.code, stopped.stderr).toBe(EXIT.server);
      expect(stopped.stderr).toMatch(/did not open a tunnel within 1000 ms/);
      expect(existsSync(`${out}.failed`)).toBe(false);
      const resumed = await many({ HTTPS_PROXY: through(proxy.port) });
      expect(resumed.code, resumed.stderr).toBe(EXIT.ok);
      expect(resumed.stderr).toMatch(/from 3 of 3 products pulled whole/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it("--mock never goes through a proxy, even a dead one", async () => {
    const run = await runCli(["--mock", "reviews", "7", "--pages", "1", "--format", "ndjson"], {
      HTTPS_PROXY: through(1),
      HTTP_PROXY: through(1),
    });
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout.trim().split("\n")).toHaveLength(10);
  });
});

describe("loopback never reaches a proxy, even where the runtime's own fetch would send it", () => {
  // Node 22 and 24 with NODE_USE_ENV_PROXY=1 route their own fetch through HTTP(S)_PROXY, the
  // mock's requests and their key included: the CLI sends loopback through its own direct agent.
  const NODES = readRuntimes()
    .filter((r) => r.name.startsWith("Node"))
    .map((r) => [r.name, locate(r).binary] as const);
  it.each(NODES)("%s: --mock and a loopback --base-url", { timeout: 60_000 }, async (_n, node) => {
    expect(existsSync(node), `${node}: run \`node scripts/runtime/install.mjs\``).toBe(true);
    proxy.log.targets.length = 0;
    const env = { NODE_USE_ENV_PROXY: "1", HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url };
    for (const globals of [["--mock"], ["--base-url", mock.url]]) {
      const run = await runCli(
        [...globals, "reviews", "7", "--pages", "1", "--format", "ndjson"],
        {
          ...env,
          KEYAPI_API_KEY: mock.testKey,
        },
        node,
      );
      expect(run.code, run.stderr).toBe(EXIT.ok);
      expect(run.stdout.trim().split("\n")).toHaveLength(10);
    }
    expect(proxy.log.targets).toEqual([]);
  });
});

describe("a broken proxy variable is the command line's mistake, said before anything is sent", () => {
  // [value, the problem, what the one line shows of the value: its scheme and host alone]
  const NOT_URL = "a value that does not parse as a URL (not shown: it may hold a secret)";
  const MUST = "must be an http(s) proxy URL such as http://proxy.example:3128";
  it.each<[string, string, string]>([
    ["not a url", MUST, NOT_URL],
    ["ftp://proxy.example:2121", MUST, "ftp://proxy.example:2121"],
    ["ftp://user:pw@proxy.example", MUST, "a value with an @ (not shown: it may hold a password)"],
    // An unescaped / in a token: its start parses as the host, and must not be shown as one.
    [
      "http://ghp_T0ken/Xy+z9=@proxy.corp:3128",
      "must name a proxy, with no path, query or fragment",
      "a value with an @ (not shown: it may hold a password)",
    ],
    ["socks5://proxy.example:1080", MUST, "socks5://proxy.example:1080"],
    ["http://", MUST, NOT_URL],
    // A value that is no URL may be `user:password`; a path may be a token.
    ["u:SUPERSECRET", MUST, NOT_URL],
    [
      "http://proxy.corp:3128/s3cr3t-token",
      "must name a proxy, with no path, query or fragment",
      "http://proxy.corp:3128 followed by more (not shown: it may hold a secret)",
    ],
  ])("HTTPS_PROXY=%s", async (value, problem, shown) => {
    proxy.log.targets.length = 0;
    const run = await pull({ HTTPS_PROXY: value });
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.trim().split("\n")).toEqual([
      `keyapi-tiktok: HTTPS_PROXY ${problem}, got ${shown}`,
    ]);
    expect(proxy.log.targets).toEqual([]);
  });
});
