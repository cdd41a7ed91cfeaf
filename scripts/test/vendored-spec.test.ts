import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { paths, repoRoot } from "../src/repo.js";
import { parseDocument, toVendoredJson } from "../src/spec/read-document.js";
import { sha256 } from "../src/spec/sha256.js";

describe("spec/tiktok.openapi.json", () => {
  it("matches the sha256 recorded in spec/SOURCE.md (a hand edit is caught)", async () => {
    const source = await readFile(paths.source, "utf8");
    const recorded = /\|\s*sha256\s*\|\s*`([0-9a-f]{64})`/.exec(source)?.[1];
    expect(recorded, "SOURCE.md must record a sha256").toBeDefined();
    expect(sha256(await readFile(paths.spec))).toBe(recorded);
  });

  // Taken from one file, the spec is that file's copy converted; taken from the docs site (no
  // copy, the pages are listed in the manifest), every operation has its page there.
  it("is its source: the copy SOURCE.md names converted to JSON, or the manifest's pages", async () => {
    const source = await readFile(paths.source, "utf8");
    const copy = /`(spec\/source\/[^`]+)`/.exec(source)?.[1];
    const spec = await readFile(paths.spec, "utf8");
    if (copy) {
      const page = await readFile(path.join(repoRoot, copy), "utf8");
      return expect(spec).toBe(toVendoredJson(parseDocument(page)));
    }
    const manifest = JSON.parse(await readFile(paths.manifest, "utf8")) as {
      pages: { operation: string }[];
    };
    const operations = Object.entries(JSON.parse(spec).paths as Record<string, object>).flatMap(
      ([p, item]) =>
        Object.keys(item)
          .filter((m) => /^(get|put|post|delete|options|head|patch|trace)$/.test(m))
          .map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(manifest.pages.map((p) => p.operation).sort()).toEqual(operations.sort());
  });
});
