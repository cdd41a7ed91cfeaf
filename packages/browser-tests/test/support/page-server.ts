import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const packages = path.resolve(here, "../../..");
const modules = path.resolve(here, "../../node_modules");

/** What the page loads: the built ESM files as a consumer's bundler-free page would. */
const STATIC: Record<string, string> = {
  "/pkg/client/": path.join(packages, "client/dist/"),
  "/pkg/types/": path.join(packages, "types/dist/"),
  "/pkg/openapi-fetch/": path.join(modules, "openapi-fetch/dist/"),
};

const IMPORT_MAP = {
  imports: {
    "@keyapi-tiktok/client": "/pkg/client/index.js",
    "@keyapi-tiktok/types": "/pkg/types/index.js",
    "openapi-fetch": "/pkg/openapi-fetch/index.mjs",
  },
};

// The client's built ESM, loaded through the import map, is left on `window.keyapi` for the tests.
const HTML = `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">${JSON.stringify(IMPORT_MAP)}</script>
<script type="module">import * as keyapi from "@keyapi-tiktok/client"; window.keyapi = keyapi;</script>
</head><body>keyapi</body></html>`;

const TYPES: Record<string, string> = { ".js": "text/javascript", ".mjs": "text/javascript" };

/** A page origin on 127.0.0.1: the page, our dist files, two bundles, and a key-adding proxy. */
export interface PageServer {
  origin: string;
  /** Headers of every request the proxy (`/keyapi/*`) received from the page. */
  proxied: IncomingMessage["headers"][];
  close(): Promise<void>;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error",
  });
  return result.outputFiles[0]!.text;
}

/**
 * Serves the test page. `/keyapi/*` is the team's backend in the proxy pattern: it forwards to
 * `upstream` with the key it holds, so the page never has one.
 */
export async function startPageServer(upstream: { url: string; key: string }): Promise<PageServer> {
  const bundles: Record<string, string> = {
    "/page-bundle.js": await bundle("page-entry.ts"),
    "/worker-bundle.js": await bundle("worker-entry.ts"),
    "/mockServiceWorker.js": await readFile(
      path.join(modules, "msw/lib/mockServiceWorker.js"),
      "utf8",
    ),
  };
  const proxied: PageServer["proxied"] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, "http://page");
    if (url.pathname.startsWith("/keyapi/")) {
      proxied.push(req.headers);
      const answer = await fetch(upstream.url + url.pathname.slice("/keyapi".length) + url.search, {
        headers: { authorization: `Bearer ${upstream.key}` },
      });
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(await answer.text());
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(HTML);
      return;
    }
    if (bundles[url.pathname] !== undefined) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundles[url.pathname]);
      return;
    }
    const prefix = Object.keys(STATIC).find((p) => url.pathname.startsWith(p));
    const file = prefix && path.join(STATIC[prefix]!, url.pathname.slice(prefix.length));
    const text =
      file && !file.includes("..") && (await readFile(file, "utf8").catch(() => undefined));
    if (!text) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "text/plain" }).end(text);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    proxied,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
