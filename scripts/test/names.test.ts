import { describe, expect, it } from "vitest";
import { assignNames, nameFromPath } from "../src/codegen/names.js";
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
