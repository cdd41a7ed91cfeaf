import type { OperationSpec } from "@keyapi-tiktok/types";
import { describe, expect, it } from "vitest";
import { readParams } from "../src/core/params.js";

// The mock reads a request body as the client's checks do (`bodyParam` of the types package):
// a field named like a built-in is absent until sent, and a body that is not an object is one
// parameter named `body`.
describe("readParams: a request body as the client reads it", () => {
  it("a query parameter named __proto__ is a value, not the values' prototype", () => {
    const op = {
      params: [
        {
          in: "query",
          name: "__proto__",
          required: true,
          schema: { type: "string" },
          check: () => "",
        },
      ],
    } as unknown as OperationSpec;
    const read = readParams(op, new URLSearchParams("__proto__=x"), {}) as { values: object };
    expect(Object.getOwnPropertyDescriptor(read.values, "__proto__")?.value).toBe("x");
    expect(Object.getPrototypeOf(read.values)).toBe(Object.prototype);
  });

  const op = (...names: string[]) =>
    ({
      // `body!`: the whole body, as the generator marks a body that is not an object.
      params: names.map((name) => ({
        in: "body",
        name: name.replace("!", ""),
        required: true,
        ...(name === "body!" ? { whole: true } : {}),
        check: (v: unknown) => (typeof v === "string" ? "" : "expected string"),
      })),
    }) as unknown as OperationSpec;
  // [case, body parameters, body, the mock's answer]
  it.each<[string, string[], unknown, object]>([
    [
      "a required field named like a built-in, not sent",
      ["toString"],
      {},
      { error: "Missing required parameter: body.toString" },
    ],
    ["a field sent", ["image_url"], { image_url: "x" }, { values: { image_url: "x" } }],
    [
      "a field of the wrong type",
      ["image_url"],
      { image_url: 5 },
      { error: "Invalid parameter: body.image_url (expected string)" },
    ],
    ["a whole body", ["body!"], "text", { values: { body: "text" } }],
    [
      "an object whose one field is named body",
      ["body"],
      { body: "hi" },
      { values: { body: "hi" } },
    ],
    [
      "a whole body of the wrong type, named as the client names it",
      ["body!"],
      5,
      { error: "Invalid parameter: body (expected string)" },
    ],
  ])("%s", (_case, names, body, answer) => {
    expect(readParams(op(...names), new URLSearchParams(), {}, body)).toEqual(answer);
  });
});
