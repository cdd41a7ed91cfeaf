import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_CA,
  API_HOST,
  startConnectProxy,
  startTlsFront,
} from "../../client/test/support/proxy.js";

// The built files, ESM and CJS, in a process of their own: Node reads NODE_EXTRA_CA_CERTS (the
// re-signing proxy's CA) only at start. The API answers as api.keyapi.test, a name that resolves
// nowhere, so a request that did not go through the proxy fails.

const SUPPORT = path.join(path.dirname(fileURLToPath(import.meta.url)), "support");
const TLS = path.join(SUPPORT, "tls");
const PASSWORD = "pr0xy-SECRET-pw";
const NO_ENV = Object.fromEntries(
  ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
    .concat(["no_proxy", "NO_PROXY", "NODE_USE_ENV_PROXY"])
    .map((name) => [name, ""]),
);

let api: Server;
let local: string;
let front: Awaited<ReturnType<typeof startTlsFront>>;
let proxy: Awaited<ReturnType<typeof startConnectProxy>>;
let guarded: Awaited<ReturnType<typeof startConnectProxy>>;
/** A proxy spoken to over TLS, given by its address (`https://127.0.0.1:…`). */
let secure: Awaited<ReturnType<typeof startConnectProxy>>;
/** The API's CA and the secure proxy's, in one file for NODE_EXTRA_CA_CERTS. */
let cas: string;
/** A proxy that takes the connection and never answers it. */
const silent = createTcpServer((socket) => void silentSockets.add(socket.on("error", () => {})));
const silentSockets = new Set<Socket>();
beforeAll(async () => {
  api = createServer(async (req, res) => {
    if (req.url === "/to-local") {
      res.writeHead(302, { location: `${local}/local` }).end();
      return;
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    res.end(`hello ${req.method === "GET" ? "" : `${req.method} `}${req.url}${body && ` ${body}`}`);
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  local = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  front = await startTlsFront(local);
  proxy = await startConnectProxy(front.port);
  guarded = await startConnectProxy(front.port, PASSWORD);
  const [key = "", cert = "", apiCa = ""] = await Promise.all(
    [path.join(TLS, "proxy.key.pem"), path.join(TLS, "proxy.cert.pem"), API_CA].map((f) =>
      readFile(f, "utf8"),
    ),
  );
  secure = await startConnectProxy(front.port, undefined, { key, cert });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  cas = path.join(await mkdtemp(path.join(tmpdir(), "proxy-fetch-")), "cas.pem");
  await writeFile(cas, apiCa + cert);
});
afterAll(async () => {
  await Promise.all([proxy.close(), guarded.close(), secure.close(), front.close()]);
  for (const socket of silentSockets) socket.destroy();
  silent.close();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

interface Report {
  plan?: string | null;
  results?: string[];
  thrown?: string;
  message?: string;
}

async function run(file: string, env: Record<string, string>, target: string, urls: string[]) {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    [path.join(SUPPORT, file), target, ...urls],
    { env: { ...process.env, ...NO_ENV, NODE_EXTRA_CA_CERTS: cas, ...env }, timeout: 30_000 },
  );
  // Nothing on stderr: no warning of Node's (DEP0123 for an https proxy given as an address).
  expect(stderr).toBe("");
  return JSON.parse(stdout) as Report;
}

const API = `https://${API_HOST}/`;
const portOf = (server: { address(): unknown }) => (server.address() as AddressInfo).port;
const at = (port: number, auth = "") => `http://${auth}127.0.0.1:${port}`;
const NOT_FOUND = `Error: getaddrinfo ENOTFOUND ${API_HOST}`;

describe.each(["through.mjs", "through.cjs"])("createProxyFetch, built (%s)", (file) => {
  // [case, environment (the open proxy's port filled in), URLs, their results, CONNECTs seen]
  it.each<[string, (p: number) => Record<string, string>, string[], string[], number]>([
    ["HTTPS_PROXY", (p) => ({ HTTPS_PROXY: at(p) }), ["v1/a"], ["200 hello /v1/a"], 1],
    ["only HTTP_PROXY", (p) => ({ HTTP_PROXY: at(p) }), ["x"], ["200 hello /x"], 1],
    [
      "no scheme (proxy:port)",
      (p) => ({ HTTPS_PROXY: `127.0.0.1:${p}` }),
      ["x"],
      ["200 hello /x"],
      1,
    ],
    ["no proxy: direct, and the name resolves nowhere", () => ({}), ["x"], [NOT_FOUND], 0],
    [
      "NO_PROXY naming the host",
      (p) => ({ HTTPS_PROXY: at(p), NO_PROXY: API_HOST }),
      ["x"],
      [NOT_FOUND],
      0,
    ],
    [
      "NO_PROXY naming its parent domain (curl's reading; undici proxied it)",
      (p) => ({ HTTPS_PROXY: at(p), no_proxy: "keyapi.test" }),
      ["x"],
      [NOT_FOUND],
      0,
    ],
    [
      "NO_PROXY with a range and another domain: proxied",
      (p) => ({ HTTPS_PROXY: at(p), NO_PROXY: "10.0.0.0/8,.corp.example" }),
      ["x"],
      ["200 hello /x"],
      1,
    ],
    [
      "an https proxy given as an address (no ServerName for an address, RFC 6066)",
      () => ({ HTTPS_PROXY: secure.url }),
      ["x"],
      ["200 hello /x"],
      0,
    ],
    [
      "a plain proxy given as https://: said, not OpenSSL's line of hex",
      (p) => ({ HTTPS_PROXY: `https://127.0.0.1:${p}` }),
      ["x"],
      [
        "ProxyError: the proxy in HTTPS_PROXY does not speak TLS (OpenSSL: wrong version number): a plain proxy is written http://",
      ],
      0,
    ],
    [
      "loopback goes direct, a dead proxy asked even of Node's own fetch",
      () => ({ HTTPS_PROXY: at(1), HTTP_PROXY: at(1), NODE_USE_ENV_PROXY: "1" }),
      ["local", "0.0.0.0", "[::ffff:127.0.0.1]"],
      ["200 hello /local", "200 hello /local", "200 hello /local"],
      0,
    ],
    [
      "a Request with a body, through the proxy: the runtime's Request and Response",
      (p) => ({ HTTPS_PROXY: at(p) }),
      ["POST v1/post"],
      ["200 hello POST /v1/post a body"],
      1,
    ],
    [
      "a redirect from the proxied API to loopback: that hop goes direct",
      (p) => ({ HTTPS_PROXY: at(p) }),
      ["to-local"],
      ["200 hello /local"],
      1,
    ],
    [
      "a proxy that never answers the CONNECT: said at the bound, and the process ends unclosed",
      () => ({ HTTPS_PROXY: at(portOf(silent)), TUNNEL_TIMEOUT_MS: "300" }),
      ["x", "x", "open"],
      Array(2).fill("ProxyError: the proxy in HTTPS_PROXY did not open a tunnel within 300 ms"),
      0,
    ],
    [
      "after close(), with or without a proxy: refused",
      (p) => ({ HTTPS_PROXY: at(p) }),
      ["x", "close", "x"],
      ["200 hello /x", "Error: this proxy fetch was closed"],
      1,
    ],
    [
      "after close(), without a proxy",
      () => ({}),
      ["local", "close", "local"],
      ["200 hello /local", "Error: this proxy fetch was closed"],
      0,
    ],
  ])("%s", async (_case, env, urls, expected, connects) => {
    proxy.log.targets.length = 0;
    secure.log.targets.length = 0;
    const port = new URL(local).port;
    const full = urls.map((u) =>
      u === "close" || u === "open"
        ? u
        : u.startsWith("POST ")
          ? `POST ${new URL(u.slice(5), API).href}`
          : u === "local"
            ? `${local}/local`
            : u.includes(".") || u.startsWith("[")
              ? `http://${u}:${port}/local`
              : new URL(u, API).href,
    );
    const report = await run(file, env(proxy.port), API, full);
    expect(report.results).toEqual(expected);
    expect(proxy.log.targets).toEqual(Array(connects).fill(`CONNECT ${API_HOST}:443`));
    if (env(proxy.port).HTTPS_PROXY === secure.url)
      expect(secure.log.targets).toEqual([`CONNECT ${API_HOST}:443`]);
  });

  it("credentials go as Proxy-Authorization; a 407 is asked once, then refused at once", async () => {
    guarded.log.credentials.length = 0;
    const ok = await run(file, { HTTPS_PROXY: at(guarded.port, `user:${PASSWORD}@`) }, API, [API]);
    expect(ok.results).toEqual(["200 hello /"]);
    expect(ok.plan).toBe(`https through http://…@127.0.0.1:${guarded.port} (HTTPS_PROXY)`);
    expect(guarded.log.credentials).toEqual([`user:${PASSWORD}`]);
    guarded.log.credentials.length = 0;
    const refused = await run(file, { HTTPS_PROXY: at(guarded.port, "user:wrong@") }, API, [
      API,
      API,
      API,
    ]);
    const line = `refused ProxyAuthenticationError: the proxy in HTTPS_PROXY refused its credentials (407 Proxy Authentication Required): not asked again`;
    expect(refused.results).toEqual([line, line, line]);
    expect(guarded.log.credentials).toEqual(["user:wrong"]);
  });

  it("a variable that names no proxy is thrown before anything is sent, no password shown", async () => {
    const report = await run(file, { HTTPS_PROXY: `http://user:${PASSWORD}@p:1/path` }, API, []);
    expect(report.thrown).toBe("ProxyConfigError");
    expect(report.message).toMatch(/^HTTPS_PROXY must name a proxy, with no path/);
    expect(report.message).not.toContain(PASSWORD);
  });
});
