import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staleFiles } from "../src/codegen/write-or-check.js";
import type { Manifest } from "../src/docs-site/manifest.js";
import { repoPaths, repoRoot } from "../src/repo.js";
import { updateSpec, type UpdateResult } from "../src/spec-update/update.js";
import { generateCheckout, tempRepo, typecheckDir } from "./helpers.js";
import { serveSite, sitePages, type FixtureSite } from "./support/fixture-site.js";
import { LARGE_COSTS, largeSpec } from "./support/large-site.js";

// The vendor's whole API the day it lands: a site of 44 operation pages (the vendor's size,
// every shape of the fixture, the twelve 2-credit pages), synced into a checkout that had one
// operation. Every operation is typed, priced from its page, and walked or named.

type Doc = Record<string, any>;
let spec: Doc;
let site: FixtureSite;
let root: string;
let result: UpdateResult;
/** The operations the checkout had samples for (whatever spec is vendored there). */
let samplesBefore: string[];
let table: Record<string, Record<string, { credits: number | null; pagination: Doc | null }>>;

beforeAll(async () => {
  spec = await largeSpec(44);
  site = await serveSite(sitePages(spec, LARGE_COSTS));
  root = await tempRepo(path.join(repoRoot, "scripts/fixtures/spec-versions/base.openapi.json"));
  samplesBefore = Object.keys(
    (JSON.parse(await readFile(repoPaths(root).samples, "utf8")) as { samples: object }).samples,
  );
  result = await updateSpec(root, site.url, "2026-11-30");
  const ts = await import("typescript");
  const source = await readFile(path.join(repoPaths(root).generated, "operations.ts"), "utf8");
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022 } });
  table = (
    await import(`data:text/javascript;base64,${Buffer.from(js.outputText).toString("base64")}`)
  ).operationTable;
}, 120_000);
afterAll(() => site?.close());

const operationsOf = (doc: Doc) =>
  Object.entries(doc.paths as Doc).flatMap(([p, m]) =>
    Object.keys(m).map((method) => `${method.toUpperCase()} ${p}`),
  );

describe("a 44-operation docs site through spec:update", () => {
  it("adds every operation but the one the checkout had: a minor release", () => {
    expect(result.bump).toBe("minor");
    const added = result.changes.filter((c) => c.description === "operation added");
    expect(added).toHaveLength(operationsOf(spec).length - 1);
  });

  it("prices every operation from its page: the twelve at 2, the rest at 1", async () => {
    const manifest = JSON.parse(await readFile(repoPaths(root).manifest, "utf8")) as Manifest;
    expect(manifest.pages).toHaveLength(44);
    for (const page of manifest.pages)
      expect(page.credits, page.operation).toBe(LARGE_COSTS[page.operation] ?? 1);
    const priced = Object.entries(table).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => [`${m.toUpperCase()} ${p}`, op.credits]),
    );
    expect(
      priced
        .filter(([, c]) => c === 2)
        .map(([op]) => op)
        .sort(),
    ).toEqual(Object.keys(LARGE_COSTS).sort());
    expect(priced.every(([, c]) => c === 1 || c === 2)).toBe(true);
  });

  it("gives every operation a contract sample: the one it had kept, the new ones derived and valid", async () => {
    const { samples } = JSON.parse(await readFile(repoPaths(root).samples, "utf8")) as {
      samples: Record<string, Doc>;
    };
    const ops = operationsOf(spec);
    expect(Object.keys(samples).sort()).toEqual([...ops].sort());
    // Derived: the operations the checkout had no sample for; dropped: those the site lacks.
    expect([...result.samples!.added].sort()).toEqual(
      ops.filter((op) => !samplesBefore.includes(op)).sort(),
    );
    expect([...result.samples!.dropped].sort()).toEqual(
      samplesBefore.filter((op) => !ops.includes(op)).sort(),
    );
    // Every derived sample passes the operation's own parameter checks (no credit spent on a
    // request the client would refuse), or says why none could be made.
    for (const [key, sample] of Object.entries(samples)) {
      const [method, p] = key.split(" ") as [string, string];
      const op = table[p]![method.toLowerCase()] as unknown as {
        params: { name: string; in: string; required: boolean; check: (v: unknown) => string }[];
      };
      if ("unusable" in sample) {
        // Said, naming the field, never guessed: the contract check lists it as not checked.
        expect(sample.unusable).toMatch(/^no value for .*`\w+`.*: add one by hand$/);
        continue;
      }
      for (const param of op.params.filter((x) => x.required && x.in !== "body"))
        expect(param.check(sample[param.in]?.[param.name]), `${key} ${param.name}`).toBe("");
    }
  });

  it("walks every operation whose shape pages, by its style, and no other", () => {
    for (const [p, methods] of Object.entries(table))
      for (const [method, op] of Object.entries(methods)) {
        const params = (spec.paths[p][method].parameters ?? []).map((x: Doc) => x.name);
        const style = params.includes("page_num")
          ? "page"
          : params.includes("offset")
            ? "cursor"
            : null;
        expect(op.pagination?.style ?? null, `${method} ${p}`).toBe(style);
      }
  });

  it("writes generated code that is exactly what generate makes, and typechecks", async () => {
    const paths = repoPaths(root);
    expect(await staleFiles(paths.generated, await generateCheckout(paths))).toEqual([]);
    const tsc = await typecheckDir(
      root,
      ["packages/types/src/generated/*.ts"],
      ["packages/types/src/generated/validators.ts"],
    );
    expect(tsc).toBe("");
  }, 120_000);
});
