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

  it("is exactly the source named in SOURCE.md (the docs page's YAML block) converted to JSON", async () => {
    const source = await readFile(paths.source, "utf8");
    const copy = /`(spec\/source\/[^`]+)`/.exec(source)?.[1];
    expect(copy, "SOURCE.md must name the copy of its source").toBeDefined();
    const page = await readFile(path.join(repoRoot, copy!), "utf8");
    expect(await readFile(paths.spec, "utf8")).toBe(toVendoredJson(parseDocument(page)));
  });
});
