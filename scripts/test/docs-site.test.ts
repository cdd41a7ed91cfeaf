import { readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assembleSite } from "../src/docs-site/assemble.js";
import type { FetchPolicy } from "../src/docs-site/fetch-text.js";
import type { Manifest } from "../src/docs-site/manifest.js";
import { costOf } from "../src/docs-site/page.js";
import { repoPaths, repoRoot } from "../src/repo.js";
import { updateSpec } from "../src/spec-update/update.js";
import { toVendoredJson } from "../src/spec/read-document.js";
import {
  COSTS,
  FIXTURE,
  fixtureSpec,
  saveSite,
  serveSite,
  sitePages,
  type Fault,
  type FixtureSite,
} from "./support/fixture-site.js";
import { runScript, snapshot, tempDir, tempRepo } from "./helpers.js";

let site: FixtureSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});
// Short timeouts and backoffs: the faults below are the point, not the waiting.
const policy: FetchPolicy = { timeoutMs: 500, retries: 2, baseDelayMs: 10 };
const operationsOf = (doc: Record<string, any>) =>
  Object.entries(doc.paths as Record<string, object>).flatMap(([p, m]) =>
    Object.keys(m).map((method) => `${method.toUpperCase()} ${p}`),
  );

describe("the docs site becomes one document, every operation's cost from its page", () => {
  it("over HTTP: 503 once is retried, the Optional 404 skipped, prose and zh pages left out", async () => {
    const spec = await fixtureSpec();
    const pages = sitePages(spec);
    const flaky = "/en/tiktok/get-shop-products.md";
    site = await serveSite(pages, { [flaky]: { failFirst: 1 } });
    const { doc, manifest, warnings } = await assembleSite(site.url, { policy });
    expect(operationsOf(doc).sort()).toEqual(operationsOf(spec).sort());
    expect(doc.components).toEqual(spec.components);
    expect(site.hits.get(flaky)).toBe(2);
    expect([...site.hits.keys()].some((p) => p.startsWith("/zh/"))).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/changelog\.md \(an Optional page/)]);
    for (const page of manifest.pages)
      expect(page.credits, page.operation).toBe(COSTS[page.operation] ?? 1);
    expect(manifest.pages.filter((p) => p.credits === 2)).toHaveLength(2);
  });

  it("--lang zh takes the Chinese copies", async () => {
    const spec = await fixtureSpec();
    site = await serveSite(sitePages(spec));
    const { manifest } = await assembleSite(site.url, { policy, lang: "zh" });
    expect(manifest.pages.every((p) => p.url.includes("/zh/"))).toBe(true);
    expect(manifest.pages).toHaveLength(operationsOf(spec).length);
  });

  it("the same pages give the same bytes; a folder of saved pages gives them too", async () => {
    const pages = sitePages(await fixtureSpec());
    site = await serveSite(pages);
    const first = toVendoredJson((await assembleSite(site.url, { policy })).doc);
    const again = toVendoredJson((await assembleSite(site.url, { policy })).doc);
    const reversed = new Map([...pages].reverse());
    const folder = toVendoredJson(
      (await assembleSite(await saveSite(reversed, await tempDir("site")))).doc,
    );
    expect(again).toBe(first);
    expect(folder).toBe(first);
  });
});

describe("any page that cannot be taken refuses the whole update, naming it", () => {
  const page = "/en/tiktok/get-hashtag-trending.md";
  // [case, faults, an edit of the pages, the reason]
  it.each<[string, Record<string, Fault>, (pages: Map<string, string>) => void, RegExp]>([
    ["a page that 404s (not an Optional one)", { [page]: { status: 404 } }, () => {}, /HTTP 404/],
    [
      "a page that keeps failing with 503",
      { [page]: { failFirst: 9 } },
      () => {},
      /HTTP 503 \(after 3 attempts\)/,
    ],
    [
      "a page slower than the timeout",
      { [page]: { delayMs: 5_000 } },
      () => {},
      /no answer within 500 ms/,
    ],
    [
      "a page larger than 10 MB (an endless body is not held in memory)",
      {},
      (pages) => pages.set(page, pages.get(page)! + "x".repeat(10 * 2 ** 20)),
      /larger than 10 MB: refused/,
    ],
    [
      "a block of broken YAML",
      {},
      (pages) => pages.set(page, pages.get(page)!.replace("paths:", "paths: [\n  {")),
      /spec block is not YAML/,
    ],
    [
      "a page without a cost",
      {},
      (pages) => pages.set(page, pages.get(page)!.replace(/\d+ credits?/, "")),
      /states no cost/,
    ],
    [
      "a $ref to a URL: refused, never fetched",
      {},
      (pages) =>
        pages.set(
          page,
          pages
            .get(page)!
            .replace(/schema:\n(\s+)type: object/, "schema:\n$1$ref: http://127.0.0.1:9/evil.json"),
        ),
      /\$ref that points outside the document \(http:\/\/127\.0\.0\.1:9\/evil\.json\)/,
    ],
    [
      "one operation on two pages, different",
      {},
      (pages) => {
        const other = pages.get(page)!.replace(/summary: .*/, "summary: changed");
        pages.set("/en/tiktok/copy-of-hashtag.md", other);
      },
      /the operation GET \/v1\/tiktok\/hashtag\/trending differs between .*get-hashtag-trending\.md and .*copy-of-hashtag\.md/,
    ],
    [
      "one component name, two definitions",
      {},
      (pages) => pages.set(page, pages.get(page)!.replace(/type: http/, "type: apiKey")),
      /the component securitySchemes\..+ differs between/,
    ],
  ])("%s", { timeout: 30_000 }, async (_case, faults, edit, reason) => {
    const pages = sitePages(await fixtureSpec());
    edit(pages);
    site = await serveSite(pages, faults);
    const error = await assembleSite(site.url, { policy }).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/nothing was written|differs between/);
  });
});

describe("pnpm spec:update <llms.txt>", () => {
  it(
    "writes the spec, the costs and the manifest; the same site again writes nothing; one changed page is that change",
    { timeout: 120_000 },
    async () => {
      const spec = await fixtureSpec();
      const root = await tempRepo(FIXTURE);
      const paths = repoPaths(root);
      const pages = sitePages(spec);
      site = await serveSite(pages);
      const first = await updateSpec(root, site.url, "2026-11-30");
      expect(first.written).toEqual(
        expect.arrayContaining([paths.spec, paths.creditsOverlay, paths.manifest, paths.source]),
      );
      const manifest = JSON.parse(await readFile(paths.manifest, "utf8")) as Manifest;
      expect(manifest.pages.map((p) => [p.operation, p.credits])).toEqual(
        operationsOf(spec)
          .sort()
          .map((op) => [op, COSTS[op] ?? 1]),
      );
      const overlay = await readFile(paths.creditsOverlay, "utf8");
      expect(overlay.match(/x-keyapi-credits: 2/g)).toHaveLength(2);
      expect(await readFile(paths.source, "utf8")).toContain(
        `${operationsOf(spec).length} operation pages, 2 not at 1 credit`,
      );

      const before = await snapshot(root);
      const again = await updateSpec(root, site.url, "2026-12-01");
      expect(again.written).toEqual([]);
      expect(await snapshot(root)).toEqual(before);

      // The vendor raises one operation's cost: exactly that change, a minor release.
      const page = "/en/tiktok/get-hashtag-trending.md";
      pages.set(page, pages.get(page)!.replace("2 credits", "3 credits"));
      const raised = await updateSpec(root, site.url, "2026-12-02");
      expect(raised.changes).toEqual([
        expect.objectContaining({
          kind: "additive",
          operation: "GET /v1/tiktok/hashtag/trending",
          description: "cost a request: 2 → 3 credits",
        }),
      ]);
      expect(raised.bump).toBe("minor");
      const changeset = raised.written.find((f) => f.includes(".changeset"))!;
      expect(await readFile(changeset, "utf8")).toContain("cost a request: 2 → 3 credits");
      // The first sync's changeset stands beside it: the same spec with other costs is another.
      const firstChangeset = first.written.find((f) => f.includes(".changeset"))!;
      expect(changeset).not.toBe(firstChangeset);
      const kept = path.relative(root, firstChangeset);
      expect((await snapshot(root))[kept]).toBe(before[kept]);
    },
  );
});

describe("an operation of the last sync whose page left the index", () => {
  const op = "GET /v1/tiktok/hashtag/trending";
  const listed = "/en/tiktok/get-hashtag-trending.md";
  const hidden = "/en/hidden/get-hashtag-trending.md";
  // [case, the hidden page's fault (undefined: not served), kept, refused]
  it.each<[string, Fault | undefined, boolean, RegExp | undefined]>([
    ["still answers at its own URL: kept, with a warning", {}, true, undefined],
    ["is gone (404): a real removal", undefined, false, undefined],
    [
      "fails (503): refused, never a removal",
      { failFirst: 9 },
      false,
      /not in the index.*HTTP 503/,
    ],
  ])("%s", { timeout: 30_000 }, async (_case, fault, kept, refused) => {
    const pages = sitePages(await fixtureSpec());
    const page = pages.get(listed)!;
    pages.delete(listed);
    pages.delete(listed.replace("/en/", "/zh/"));
    if (fault) pages.set(hidden, page);
    site = await serveSite(pages, fault ? { [hidden]: fault } : {});
    const base = site.url.replace("/llms.txt", "");
    const previous: Manifest = {
      index: site.url,
      lang: "en",
      pages: [{ operation: op, url: `${base}${hidden}`, sha256: "", credits: 2 }],
    };
    const result = await assembleSite(site.url, { policy, previous }).catch((e: Error) => e);
    if (refused) return expect((result as Error).message).toMatch(refused);
    const { doc, warnings } = result as Awaited<ReturnType<typeof assembleSite>>;
    expect(operationsOf(doc).includes(op)).toBe(kept);
    expect(warnings.some((w) => /still answers: kept/.test(w))).toBe(kept);
  });
});

describe("pnpm spec:diff <site>", () => {
  it("a saved copy of the site as head: its operations and its costs are the changes", async () => {
    const spec = await fixtureSpec();
    const folder = await saveSite(sitePages(spec), await tempDir("site"));
    // A fixed one-operation base, whatever is vendored today.
    const base = path.join(repoRoot, "scripts/fixtures/spec-versions/base.openapi.json");
    const r = await runScript("spec-diff.ts", [base, folder, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { bump: string; changes: { description: string }[] };
    expect(report.bump).toBe("minor");
    // Every operation of the site but the base's one.
    expect(report.changes.filter((c) => c.description === "operation added")).toHaveLength(
      operationsOf(spec).length - 1,
    );
  });
});

describe("what a hostile tester found in the first version", () => {
  const page = "/en/tiktok/get-hashtag-trending.md";
  const op = "GET /v1/tiktok/hashtag/trending";
  const refusal = async (pages: Map<string, string>, options: object = {}, faults = {}) => {
    site = await serveSite(pages, faults);
    return ((await assembleSite(site.url, { policy, ...options }).catch((e: Error) => e)) as Error)
      .message;
  };

  // [case, edit of the pages (base: the site's origin), the reason]
  it.each<[string, (pages: Map<string, string>, base: string) => void, RegExp]>([
    ["a page answering HTML", (p) => p.set(page, "<!DOCTYPE html><p>challenge"), /an HTML page/],
    [
      "a fence naming __proto__",
      (p) => p.set(page, p.get(page)!.replace(`${op}\n`, "GET __proto__\n")),
      /its fence names no path \(__proto__\)/,
    ],
    [
      "two spec blocks",
      (p) => p.set(page, p.get(page)! + p.get(page)!),
      /more than one spec block/,
    ],
    [
      "the same operation at two costs",
      (p) => p.set("/en/tiktok/again.md", p.get(page)!.replace("2 credits", "5 credits")),
      /GET \/v1\/tiktok\/hashtag\/trending costs 2 on .* but 5 on .*again\.md/,
    ],
  ])("%s: refused", { timeout: 30_000 }, async (_case, edit, reason) => {
    const pages = sitePages(await fixtureSpec());
    edit(pages, "");
    expect(await refusal(pages)).toMatch(reason);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a page the last sync had answering without its block: refused, not a removal", async () => {
    const pages = sitePages(await fixtureSpec());
    pages.set(page, "# Trending hashtags\n\nMoved.\n");
    site = await serveSite(pages);
    const previous: Manifest = {
      index: site.url,
      lang: "en",
      pages: [{ operation: op, url: site.url.replace("/llms.txt", page), sha256: "", credits: 2 }],
    };
    const error = await assembleSite(site.url, { policy, previous }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /no spec block, but it held GET \/v1\/tiktok\/hashtag/,
    );
  });

  it("a redirect to plain http beyond this machine is not followed", async () => {
    const pages = sitePages(await fixtureSpec());
    site = await serveSite(pages, { [page]: { redirect: "http://example.invalid/x.md" } });
    const error = await assembleSite(site.url, { policy }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      /redirected to a URL refused: .*plain http only to a loopback host/,
    );
  });

  // [case, the link the saved index adds, the reason]
  it.each<[string, string, RegExp]>([
    ["another site", "https://evil.example/en/tiktok/x.md", /outside its site/],
    ["an encoded separator", "https://docs.keyapi.ai/en/..%2F..%2Fsecret.md", /encoded separator/],
    [
      "a symlink out of the folder",
      "https://docs.keyapi.ai/en/tiktok/link.md",
      /leads outside the folder/,
    ],
  ])(
    "a saved site's index linking %s: refused, nothing outside read",
    async (_case, link, reason) => {
      const dir = await saveSite(sitePages(await fixtureSpec()), await tempDir("site"));
      await writeFile(path.join(dir, "..", "secret.md"), "# secret\n");
      await symlink(path.join(dir, "..", "secret.md"), path.join(dir, "en/tiktok/link.md"));
      await writeFile(
        path.join(dir, "llms.txt"),
        (await readFile(path.join(dir, "llms.txt"), "utf8")) + `\n## More\n\n- [x](${link}): x\n`,
      );
      const error = await assembleSite(dir).catch((e: Error) => e);
      expect((error as Error).message).toMatch(reason);
    },
  );

  it("a page listed in a section and again under Optional is required", async () => {
    const pages = sitePages(await fixtureSpec());
    site = await serveSite(pages, { [page]: { failFirst: 9 } }, [page]);
    const error = await assembleSite(site.url, { policy }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/get-hashtag-trending\.md: HTTP 503/);
  });

  // [header text, the cost, or the refusal]
  it.each<[string, number | RegExp]>([
    ["<span>2 credits</span><span>per request</span>", 2],
    ["1 credit per request", 1],
    ["1.5 credits per request", /not a whole number/],
    ["-1 credits per request", /not a whole number/],
    ["1,000 credits per request", /not a whole number/],
    ["0 credits per request", /not a whole number/],
    ["99999999999999999999 credits per request", /not a whole number/],
    [
      "the v0 endpoint cost 50 credits per request; now 2 credits per request",
      /more than one cost/,
    ],
    ["free", /states no cost/],
  ])("the header %j", (header, want) => {
    if (typeof want === "number") expect(costOf(`# T\n\n${header}\n\n## OpenAPI\n`)).toBe(want);
    else expect(() => costOf(header)).toThrow(want);
  });

  it("a path item's own parameters are kept", async () => {
    const spec = await fixtureSpec();
    const shared = [{ name: "x-trace", in: "header", required: true, schema: { type: "string" } }];
    spec.paths["/v1/tiktok/hashtag/trending"].parameters = shared;
    site = await serveSite(sitePages(spec));
    const { doc } = await assembleSite(site.url, { policy });
    expect((doc.paths as any)["/v1/tiktok/hashtag/trending"].parameters).toEqual(shared);
  });
});

describe("a sync has a deadline of its own", () => {
  it("pages that answer slowly end the run at the deadline, refused, not hours later", async () => {
    const pages = sitePages(await fixtureSpec());
    const slow = Object.fromEntries(
      [...pages.keys()]
        .filter((p) => p.startsWith("/en/tiktok/"))
        .map((p) => [p, { delayMs: 5_000 }]),
    );
    site = await serveSite(pages, slow);
    const error = await assembleSite(site.url, {
      policy: { timeoutMs: 2_000, retries: 3, baseDelayMs: 10 },
      deadlineMs: 300,
    }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/deadline/);
  });
});
