import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/codegen/generate.js";
import { writeFiles } from "../src/codegen/write-or-check.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { overlaysWithCosts } from "../src/spec/overlays-with-costs.js";
import { repoPaths, repoRoot } from "../src/repo.js";
import { tempDir, typecheckDir } from "./helpers.js";

// The multi-operation fixture (ours, in the vendor's style) through the generator: every shape
// the vendor's full spec will bring is typed, checked, paged and validated with no hand edit.
const FIXTURE = path.join(repoRoot, "scripts/fixtures/multi-op/tiktok.fixture.openapi.json");

interface Op {
  params: { name: string; in: string; required: boolean; check: (v: unknown) => string }[];
  pagination: { itemsPath: string; source: string; maxPageSize: number; maxPage: number } | null;
  credits: number | null;
}
let dir: string;
let table: Record<string, Record<string, Op>>;
const warnings: string[] = [];

beforeAll(async () => {
  // Our hand overlays only: the generated costs belong to the vendored spec's pages, and would
  // name operations this fixture does not have (or price ones it has) once the vendor's site
  // is synced.
  const paths = repoPaths(repoRoot);
  const overlays = await overlaysWithCosts(
    paths.overlays,
    path.basename(paths.creditsOverlay),
    undefined,
    path.join(await tempDir("hand-overlays"), "overlays"),
  );
  const effective = await loadEffectiveSpec(FIXTURE, overlays);
  const files = await generate({
    ...effective,
    specName: "tiktok.fixture.openapi.json",
    pathPrefix: "/v1/tiktok/",
    runtimeExtras: true,
    onWarning: (m) => warnings.push(m),
  });
  dir = await tempDir("fixture");
  await writeFiles(dir, files);
  // The generated tables, compiled as a consumer would load them.
  const ts = await import("typescript");
  const source = files.get("operations.ts")!;
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022 } });
  await writeFile(path.join(dir, "operations.mjs"), js.outputText);
  table = (await import(path.join(dir, "operations.mjs"))).operationTable;
}, 60_000);

describe("the fixture spec through the generator", () => {
  it("generates without a warning", () => expect(warnings).toEqual([]));

  it.each([
    ["/v1/tiktok/product/reviews/analytics", "get", "overlay", "data", 10],
    ["/v1/tiktok/shop/products", "get", "convention", "data", 10],
    ["/v1/tiktok/video/{video_id}/comments", "get", "convention", "data.list", 10],
    ["/v1/tiktok/hashtag/trending", "get", "convention", "data", 10],
  ])("%s is paged (%s → %s, by %s)", (p, method, source, itemsPath, maxPageSize) => {
    expect(table[p]![method]!.pagination).toMatchObject({
      source,
      itemsPath,
      maxPageSize,
      maxPage: 100_000,
    });
  });

  it("the real-time reviews are paged by the offset each response hands back", () => {
    expect(table["/v1/tiktok/product/reviews"]!.get!.pagination).toMatchObject({
      style: "cursor",
      cursorParam: "offset",
      nextPath: "data.next_offset",
      hasMorePath: "data.has_more",
      itemsPath: "data.review_items",
      source: "convention",
    });
  });

  it.each([
    ["/v1/tiktok/influencer/detail", "get"],
    ["/v1/tiktok/product/image-search", "post"],
  ])("%s %s is not paged (no page parameters)", (p, method) => {
    expect(table[p]![method]!.pagination).toBeNull();
  });

  it("no cost is invented: without a page stating one, an operation has none", () => {
    for (const [p, methods] of Object.entries(table))
      for (const op of Object.values(methods)) expect(op.credits, p).toBeNull();
  });

  // [operation, parameter, value, problem ("" = valid)]
  it.each([
    ["POST /v1/tiktok/product/image-search", "image_url", "https://x/y.jpg", ""],
    ["POST /v1/tiktok/product/image-search", "image_url", 42, "expected string"],
    ["POST /v1/tiktok/product/image-search", "region", "FR", 'must be one of ["US","GB","ID"]'],
    ["GET /v1/tiktok/hashtag/trending", "region", "GB", ""],
    [
      "GET /v1/tiktok/shop/products",
      "sort_by",
      "cheapest",
      'must be one of ["sales","price","newest"]',
    ],
    ["GET /v1/tiktok/video/{video_id}/comments", "video_id", 7, "expected string"],
  ])("%s: %s = %j → %j", (key, name, value, problem) => {
    const [method, p] = key.split(" ");
    const param = table[p!]![method!.toLowerCase()]!.params.find((x) => x.name === name)!;
    expect(param.check(value)).toBe(problem);
  });

  it("the body's required field is a required body parameter", () => {
    const params = table["/v1/tiktok/product/image-search"]!.post!.params;
    expect(params.map((p) => [p.in, p.name, p.required])).toEqual([
      ["body", "image_url", true],
      ["body", "region", false],
    ]);
  });

  it("the types say what the spec says, for every shape", { timeout: 60_000 }, async () => {
    await writeFile(
      path.join(dir, "checks.ts"),
      `import type { paths } from "./schema.js";
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const is = <T extends true>() => undefined as unknown as T;
type Get<P extends keyof paths> = paths[P] extends { get: infer O } ? O : never;
type Ok<O> = O extends { responses: { 200: { content: { "application/json": infer J } } } } ? J : never;

// A required enum query parameter is a union of its values.
is<Equals<Get<"/v1/tiktok/hashtag/trending">["parameters"]["query"]["region"], "US" | "GB" | "ID">>();
// A path parameter is typed and required.
is<Equals<Get<"/v1/tiktok/video/{video_id}/comments">["parameters"]["path"], { video_id: string }>>();
// Items nested in the envelope keep their type.
type Comment = NonNullable<NonNullable<Ok<Get<"/v1/tiktok/video/{video_id}/comments">>["data"]>["list"]>[number];
is<Equals<Comment["digg_count"], number | undefined>>();
// The POST's body requires image_url.
type Body = paths["/v1/tiktok/product/image-search"]["post"]["requestBody"]["content"]["application/json"];
is<Equals<Body["image_url"], string>>();
// @ts-expect-error image_url is required
const noUrl: Body = { region: "US" };
void noUrl;
`,
    );
    expect(await typecheckDir(dir, ["checks.ts", "schema.ts"])).toBe("");
  });
});
