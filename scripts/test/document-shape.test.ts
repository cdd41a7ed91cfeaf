import { describe, expect, it } from "vitest";
import {
  MOST_DEPTH,
  MOST_REF_CHAIN,
  whyNotDocumentShape,
} from "../src/docs-site/document-shape.js";

/** An object nested `levels` deep under `a` keys. */
const nested = (levels: number) => {
  let node: object = {};
  for (let i = 0; i < levels; i++) node = { a: node };
  return node;
};
/** `n` schemas each a `$ref` to the next, and a last one that is none. */
const chain = (n: number) => {
  const schemas: Record<string, object> = { [`S${n}`]: { type: "string" } };
  for (let i = 0; i < n; i++) schemas[`S${i}`] = { $ref: `#/components/schemas/S${i + 1}` };
  return { components: { schemas } };
};

describe("whyNotDocumentShape", () => {
  // [case, document, what the refusal says (undefined: taken)]
  it.each<[string, unknown, RegExp | undefined]>([
    ["a plain document", { openapi: "3.0.3", paths: {} }, undefined],
    ["nested to the limit", nested(MOST_DEPTH), undefined],
    [
      "nested one level past it",
      nested(MOST_DEPTH + 1),
      /^nesting deeper than 100 levels \(at \/a\/a/,
    ],
    ["a chain of refs at the limit", chain(MOST_REF_CHAIN), undefined],
    ["a chain one longer", chain(MOST_REF_CHAIN + 1), /^a chain of more than 32 \$refs/],
    [
      "a ref to itself",
      { components: { schemas: { A: { $ref: "#/components/schemas/A" } } } },
      /^a chain of more than 32 \$refs/,
    ],
    [
      "a schema that refers to itself inside (a tree): not a chain",
      {
        components: {
          schemas: { T: { properties: { child: { $ref: "#/components/schemas/T" } } } },
        },
      },
      undefined,
    ],
    ["a ref to nothing: the linter's to refuse", { x: { $ref: "#/nowhere" } }, undefined],
    ["a ref with broken %-encoding", { x: { $ref: "#/components/%E0%A4%A" } }, undefined],
    [
      "a ref to a URL",
      { x: { $ref: "https://example.com/x.json" } },
      /^a \$ref that points outside/,
    ],
    ["a key __proto__", JSON.parse('{"x":{"__proto__":{}}}'), /^a key named "__proto__"/],
    [
      "a property named $ref (not a reference)",
      { properties: { $ref: { type: "string" } } },
      undefined,
    ],
  ])("%s", (_case, doc, refusal) => {
    const why = whyNotDocumentShape(doc);
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
  });

  it("a pointer in a message is cut and escaped", () => {
    const key = "k/".repeat(300);
    let node: object = {};
    for (let i = 0; i <= MOST_DEPTH; i++) node = { [key]: node };
    const why = whyNotDocumentShape(node)!;
    expect(why).toMatch(/^nesting deeper than 100 levels \(at \/k~1k~1/);
    expect(why.length).toBeLessThan(300);
  });
});
