import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify as toYaml } from "yaml";
import { repoRoot } from "../../src/repo.js";

// A docs site in the vendor's format, written from the multi-operation fixture spec (ours): an
// llms.txt index in sections, one markdown page per operation with its cost in the header and
// its spec block, prose pages without a block, Chinese copies, an Optional section.

type Doc = Record<string, any>;
export const FIXTURE = path.join(repoRoot, "scripts/fixtures/multi-op/tiktok.fixture.openapi.json");

/** What the fixture site says each operation costs (the vendor's 2-credit shape included). */
export const COSTS: Record<string, number> = {
  "GET /v1/tiktok/shop/products": 2,
  "GET /v1/tiktok/hashtag/trending": 2,
};

const slug = (p: string) =>
  p
    .replace(/^\/v1\/tiktok\//, "")
    .replace(/[{}]/g, "")
    .replace(/\//g, "-");

/** One page per operation of `spec`, in the vendor's shape; `cost` overrides COSTS. */
export function sitePages(spec: Doc, cost: Record<string, number> = {}): Map<string, string> {
  const pages = new Map<string, string>();
  const { paths, ...shared } = spec;
  for (const [p, methods] of Object.entries(paths as Doc))
    for (const [method, operation] of Object.entries(methods as Doc)) {
      const name = `${method.toUpperCase()} ${p}`;
      const credits = cost[name] ?? COSTS[name] ?? 1;
      const doc = { ...shared, paths: { [p]: { [method]: operation } } };
      for (const lang of ["en", "zh"])
        pages.set(
          `/${lang}/tiktok/${method}-${slug(p)}.md`,
          `# ${operation.summary ?? name}\n\n> ${operation.description ?? ""}\n\n` +
            `<div className="inline-flex"><span className="text-base">🪙</span>` +
            `<span className="font-semibold">${credits} credit${credits === 1 ? "" : "s"}</span>` +
            `<span className="ml-1">per request</span></div>\n\n## OpenAPI\n\n` +
            "````yaml en/tiktok.openapi.json " +
            `${name}\n${toYaml(doc)}` +
            "````\n",
        );
    }
  pages.set("/en/authentication.md", "# Authentication\n\nSend `Authorization: Bearer <key>`.\n");
  return pages;
}

/** The index: every page of `lang` folders in sections, plus an Optional page that is gone. */
export function indexOf(pages: Map<string, string>, base: string, optional: string[] = []): string {
  const lines = ["# KeyAPI", "", "> TikTok data API", "", "## Guides", ""];
  lines.push(`- [Authentication](${base}/en/authentication.md): keys`);
  for (const lang of ["en", "zh"]) {
    lines.push("", `## TikTok (${lang})`, "");
    for (const url of [...pages.keys()].filter((u) => u.startsWith(`/${lang}/tiktok/`)))
      lines.push(`- [${url}](${base}${url}): an operation`);
  }
  lines.push("", "## Optional", "", `- [Changelog](${base}/en/changelog.md): gone`);
  for (const p of optional) lines.push(`- [${p}](${base}${p}): listed again`);
  return lines.join("\n") + "\n";
}

export const fixtureSpec = async (): Promise<Doc> =>
  JSON.parse(await readFile(FIXTURE, "utf8")) as Doc;

/** How the server misbehaves for a page path: fail N times first, answer slowly, or 404. */
export interface Fault {
  /** Answer 302 to this location. */
  redirect?: string;
  failFirst?: number;
  delayMs?: number;
  status?: number;
}

export interface FixtureSite {
  url: string;
  /** Requests received, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Serves the pages and the index on 127.0.0.1, with faults by path. */
export async function serveSite(
  pages: Map<string, string>,
  faults: Record<string, Fault> = {},
  optional: string[] = [],
): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  let base = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const p = new URL(req.url!, "http://x").pathname;
    const n = (hits.get(p) ?? 0) + 1;
    hits.set(p, n);
    const fault = faults[p] ?? {};
    const answer = () => {
      if (fault.status) return res.writeHead(fault.status).end("no");
      if (fault.redirect) return res.writeHead(302, { location: fault.redirect }).end();
      if (n <= (fault.failFirst ?? 0))
        return res.writeHead(503, { "retry-after": "0" }).end("busy");
      const text = p === "/llms.txt" ? indexOf(pages, base, optional) : pages.get(p);
      if (text === undefined) return res.writeHead(404).end("not found");
      res.writeHead(200, { "content-type": "text/markdown; charset=utf-8" }).end(text);
    };
    if (fault.delayMs) {
      const timer = setTimeout(answer, fault.delayMs);
      res.on("close", () => clearTimeout(timer));
    } else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/llms.txt`,
    hits,
    close: () =>
      new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The same site saved to a folder: llms.txt at its root, each page at its URL's path. */
export async function saveSite(pages: Map<string, string>, dir: string): Promise<string> {
  for (const [p, text] of pages) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), text);
  }
  await writeFile(path.join(dir, "llms.txt"), indexOf(pages, "https://docs.keyapi.ai"));
  return dir;
}
