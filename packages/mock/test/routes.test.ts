import { describe, expect, it } from "vitest";
import { concreteFirst, matcher, routes } from "../src/core/routes.js";

describe("a path template's matcher", () => {
  // [template, path, the values it captures (undefined: no match)]
  it.each<[string, string, Record<string, string> | undefined]>([
    ["/v1/tiktok/{id}/reviews", "/v1/tiktok/42/reviews", { id: "42" }],
    ["/v1/tiktok/{id}/reviews", "/v1/tiktok/a%20b/reviews", { id: "a b" }],
    ["/v1/tiktok/{a}/{b}", "/v1/tiktok/x/y", { a: "x", b: "y" }],
    ["/v1/tiktok/{id}/reviews", "/v1/tiktok/42/reviews/more", undefined],
    ["/v1/tiktok/{id}/reviews", "/v1/tiktok//reviews", undefined],
    // Broken percent-encoding once threw a URIError out of the server: no match, a 404.
    ["/v1/tiktok/{id}/reviews", "/v1/tiktok/%E0%A4%A/reviews", undefined],
    ["/v1/tiktok/{id}/reviews", "/v1/tiktok/%/reviews", undefined],
    ["/v1/tiktok/a.b", "/v1/tiktok/aXb", undefined],
    ["/v1/tiktok/a.b", "/v1/tiktok/a.b", {}],
  ])("%s on %s → %j", (template, path, values) => {
    expect(matcher(template)(path)).toEqual(values);
  });
});

describe("routes are tried concrete first", () => {
  // [templates in the spec's order, the order they are tried]
  it.each<[string[], string[]]>([
    [
      ["/v1/tiktok/{a}/reviews/analytics", "/v1/tiktok/product/reviews/analytics"],
      ["/v1/tiktok/product/reviews/analytics", "/v1/tiktok/{a}/reviews/analytics"],
    ],
    [
      ["/v1/{x}/{y}", "/v1/{x}/b", "/v1/a/{y}"],
      ["/v1/a/{y}", "/v1/{x}/b", "/v1/{x}/{y}"],
    ],
    [
      ["/v1/b", "/v1/a"],
      ["/v1/b", "/v1/a"],
    ],
    // A route of another length in between once left the templated one first.
    [
      ["/v1/tiktok/product/{id}", "/v1/tiktok/video", "/v1/tiktok/product/reviews"],
      ["/v1/tiktok/video", "/v1/tiktok/product/reviews", "/v1/tiktok/product/{id}"],
    ],
  ])("%j → %j", (given, tried) => {
    const sorted = given.map((template) => ({ template })).sort(concreteFirst);
    expect(sorted.map((r) => r.template)).toEqual(tried);
  });

  it("the generated table's routes are in that order", () => {
    const order = routes.map((r) => ({ template: r.template }));
    expect(order).toEqual([...order].sort(concreteFirst));
  });
});
