import { describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { assignNames, nameFromPath, typeNameFromSpec } from "../src/codegen/names.js";
import { repoRoot } from "../src/repo.js";
import type { OperationRef } from "../src/codegen/openapi-model.js";

describe("nameFromPath", () => {
  it.each([
    ["/v1/tiktok/product/reviews/analytics", "get", "/v1/tiktok/", "ProductReviewsAnalytics"],
    ["/v1/tiktok/user/info", "get", "/v1/tiktok/", "UserInfo"],
    ["/repos/{owner}/{repo}/issues", "get", "/", "ReposByOwnerByRepoIssues"],
    ["/repos/{owner}/{repo}/issues", "post", "/", "PostReposByOwnerByRepoIssues"],
    ["/v2/droplets/{droplet_id}/actions", "get", "/", "V2DropletsByDropletIdActions"],
    ["/2fa/keys", "delete", "/", "Delete2faKeys"],
    ["/3d/models", "get", "/", "Op3dModels"],
    ["/", "get", "/", "Root"],
  ])("%s %s (prefix %s) → %s", (path, method, prefix, want) => {
    expect(nameFromPath(path, method, prefix)).toBe(want);
  });
});

describe("assignNames", () => {
  const op = (path: string, extra: Record<string, unknown> = {}): OperationRef => ({
    path,
    method: "get",
    operation: { responses: {}, ...extra },
    pathParameters: [],
  });

  it("prefers x-sdk-name", () => {
    expect(assignNames([op("/a/b", { "x-sdk-name": "Custom" })], "/")).toEqual(["Custom"]);
  });

  it("fails on a clash, asking for x-sdk-name", () => {
    expect(() => assignNames([op("/a-b"), op("/a_b")], "/")).toThrow(
      /both derive the name AB: give one an x-sdk-name/,
    );
  });
});

describe("typeNameFromSpec refuses what the types package already exports by name", () => {
  it("every named export of packages/types/src/index.ts", async () => {
    const index = await readFile(path.join(repoRoot, "packages/types/src/index.ts"), "utf8");
    const named = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap(([, list]) =>
      list!
        .split(",")
        .map((n) => n.trim().replace(/^type\s+/, ""))
        .filter(Boolean),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const name of named)
      expect(() => typeNameFromSpec(name, "x-sdk-item-name", "GET /x"), name).toThrow(
        /must be a TypeScript type name/,
      );
  });
});
