import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { paths } from "../src/repo.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { applyOverlay, type OverlayDocument } from "../src/spec/overlay.js";

const base = () =>
  JSON.parse(JSON.stringify({ openapi: "3.0.1", paths: { "/a": { get: { responses: {} } } } }));

describe("applyOverlay", () => {
  it.each([
    [
      "a dead target fails, naming the action",
      {
        overlay: "1.0.0",
        actions: [
          { description: "fix page_size", target: "$.paths['/gone'].get", update: { x: 1 } },
        ],
      },
      /action #1 "fix page_size": target \$\.paths\['\/gone'\]\.get matched nothing/,
    ],
    [
      "only the dead action is named when others apply",
      {
        overlay: "1.0.0",
        actions: [
          { description: "ok", target: "$.paths['/a'].get", update: { x: 1 } },
          { description: "dead", target: "$.nope", update: { x: 1 } },
        ],
      },
      /1 overlay action\(s\) did not apply:\n {2}- test\.yaml action #2 "dead"/,
    ],
    [
      "an unsupported overlay version fails",
      { overlay: "2.0.0", actions: [] },
      /expected "overlay: 1\.0\.x"/,
    ],
  ])("%s", async (_name, overlay, message) => {
    await expect(applyOverlay(base(), overlay as OverlayDocument, "test.yaml")).rejects.toThrow(
      message,
    );
  });

  it("does not mutate its input", async () => {
    const spec = base();
    await applyOverlay(
      spec,
      { overlay: "1.0.0", actions: [{ target: "$.paths['/a'].get", update: { x: 1 } }] },
      "t",
    );
    expect(spec).toEqual(base());
  });
});

describe("the repository overlay on the vendored spec", () => {
  const op = async () => {
    const { spec } = await loadEffectiveSpec(paths.spec, paths.overlays);
    return (spec as any).paths["/v1/tiktok/product/reviews/analytics"].get;
  };
  const param = (o: any, name: string) => o.parameters.find((p: any) => p.name === name);

  it.each([
    [
      "page_size bounds",
      (o: any) => param(o, "page_size").schema,
      { type: "integer", minimum: 1, maximum: 10 },
    ],
    [
      "page_num bounds",
      (o: any) => param(o, "page_num").schema,
      { type: "integer", minimum: 1, maximum: 100000 },
    ],
    // The cost the last sync's page stated (spec/pages.manifest.json), whatever it is.
    [
      "credits from its page",
      (o: any) => o["x-keyapi-credits"],
      JSON.parse(readFileSync(paths.manifest, "utf8")).pages.find(
        (p: { operation: string }) => p.operation === "GET /v1/tiktok/product/reviews/analytics",
      ).credits,
    ],
    [
      "pagination",
      (o: any) => o["x-pagination"],
      {
        style: "page",
        pageParam: "page_num",
        sizeParam: "page_size",
        firstPage: 1,
        maxPageSize: 10,
        maxPage: 100000,
        itemsPath: "data",
      },
    ],
  ])("adds %s", async (_name, pick, want) => {
    expect(pick(await op())).toEqual(want);
  });

  it("points every error response, 403 included, at ErrorEnvelope", async () => {
    const o = await op();
    const codes = Object.keys(o.responses).filter((c) => c !== "200");
    expect(codes.sort()).toEqual(["400", "401", "402", "403", "429", "500"]);
    for (const code of codes) {
      expect(o.responses[code].content["application/json"].schema).toEqual({
        $ref: "#/components/schemas/ErrorEnvelope",
      });
    }
  });

  it("fails loudly when an action's target disappears from the spec", async () => {
    const overlay = parse(await readFile(path.join(paths.overlays, "keyapi.overlay.yaml"), "utf8"));
    const spec = JSON.parse(await readFile(paths.spec, "utf8"));
    spec.paths["/v1/tiktok/product/reviews/analytics"].get.parameters = spec.paths[
      "/v1/tiktok/product/reviews/analytics"
    ].get.parameters.filter((p: { name: string }) => p.name !== "page_size");
    await expect(applyOverlay(spec, overlay, "keyapi.overlay.yaml")).rejects.toThrow(
      /action #\d+ "page_size is 1\.\.10.*matched nothing/,
    );
  });
});
