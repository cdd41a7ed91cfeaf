import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintSpecFile } from "../src/spec/lint.js";
import { paths } from "../src/repo.js";
import { tempDir } from "./helpers.js";
import {
  MOST_DEPTH,
  MOST_REF_CHAIN,
  whyNotDocumentShape,
} from "../src/docs-site/document-shape.js";

/** An object nested `levels` deep under `a` keys, `{}` (or `leaf`) at the bottom. */
const nested = (levels: number, leaf: unknown = {}) => {
  let node = leaf;
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
    // Counted as Redocly's lint counts (measured): the document's own fields are level 2.
    ["nested to the limit", nested(MOST_DEPTH - 2), undefined],
    [
      "nested one level past it",
      nested(MOST_DEPTH - 1),
      /^nesting deeper than 100 levels \(at \/a\/a/,
    ],
    ["a value at the limit", nested(MOST_DEPTH - 2, 1), undefined],
    ["a value one level past it", nested(MOST_DEPTH - 1, 1), /^nesting deeper than 100 levels/],
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
    // spec:diff's library throws `URI malformed` on it, naming nothing.
    [
      "a ref with broken %-encoding",
      { x: { $ref: "#/components/%E0%A4%A" } },
      /^a \$ref that is not valid percent-encoding \(#\/components\/%E0%A4%A\): refused/,
    ],
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

describe("whyNotDocumentShape: data is data", () => {
  // [case, document, what the refusal says (undefined: taken)]
  it.each<[string, unknown, RegExp | undefined]>([
    [
      "a $ref inside an Example Object's value (GitHub's SCIM examples)",
      { components: { examples: { g: { value: { members: [{ $ref: "https://x/Users/1" }] } } } } },
      undefined,
    ],
    ["a $ref inside an example", { schema: { example: { $ref: "https://x" } } }, undefined],
    ["a $ref inside a default", { schema: { default: { $ref: "file:///etc/passwd" } } }, undefined],
    [
      "a $ref inside a schema's examples list",
      { schema: { examples: [{ $ref: "https://x" }] } },
      undefined,
    ],
    [
      "a $ref among a media type's examples is a reference",
      { content: { "application/json": { examples: { a: { $ref: "https://x/a.yaml" } } } } },
      /^a \$ref that points outside the document \(https:\/\/x\/a\.yaml\)/,
    ],
    [
      "a property named default is a schema, not data",
      { schema: { properties: { default: { $ref: "./secret.yaml" } } } },
      /^a \$ref that points outside the document \(\.\/secret\.yaml\)/,
    ],
    [
      "a property named examples, its own property value",
      { properties: { examples: { properties: { value: { $ref: "file:///x" } } } } },
      /^a \$ref that points outside/,
    ],
    [
      "a $ref in the example of a property named links (a keyword again below its name)",
      { schema: { properties: { links: { example: { $ref: "https://x/a" } } } } },
      undefined,
    ],
    [
      "a property named properties holds a schema, whose default is data",
      { properties: { properties: { default: { $ref: "https://x/a" } } } },
      undefined,
    ],
    // From a hostile review: names that look like data keys, and a mapping's references.
    [
      "a media type named example is a media type",
      { content: { example: { schema: { $ref: "/abs/secret.json" } } } },
      /^a \$ref that points outside the document \(\/abs\/secret\.json\)/,
    ],
    [
      "a webhook named example is a webhook",
      { webhooks: { example: { post: { requestBody: { $ref: "./x.yaml" } } } } },
      /^a \$ref that points outside/,
    ],
    [
      "a callback's expression named example is a path item",
      { callbacks: { cb: { example: { post: { requestBody: { $ref: "./x.yaml" } } } } } },
      /^a \$ref that points outside/,
    ],
    [
      "an encoding named default is an encoding",
      { encoding: { default: { headers: { h: { $ref: "./x.yaml" } } } } },
      /^a \$ref that points outside/,
    ],
    [
      "a discriminator mapping to a file",
      { discriminator: { propertyName: "k", mapping: { a: "/abs/secret.json" } } },
      /^a discriminator mapping that points outside the document \(\/abs\/secret\.json\)/,
    ],
    [
      "a discriminator mapping to a name or into the document",
      { discriminator: { propertyName: "k", mapping: { a: "Cat", b: "#/components/schemas/B" } } },
      undefined,
    ],
    [
      "a field named mapping in a field named discriminator is a schema",
      { properties: { discriminator: { properties: { mapping: { type: "string" } } } } },
      undefined,
    ],
    [
      "a value in a schema of a property named examples is a schema, not an example's value",
      { properties: { examples: { not: { value: { $ref: "./x.yaml" } } } } },
      /^a \$ref that points outside/,
    ],
    [
      "a key __proto__ inside an example is still refused",
      JSON.parse('{"example":{"__proto__":{}}}'),
      /^a key named "__proto__"/,
    ],
  ])("%s", (_case, doc, refusal) => {
    const why = whyNotDocumentShape(doc);
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
  });

  // [case, document, what the message must not hold]
  it.each<[string, unknown]>([
    ["a line feed in an outside $ref", { $ref: "http://x/\nspec:update: ok\nwrote spec/x.json" }],
    ["a 5 MB outside $ref", { $ref: `http://x/${"A".repeat(5_000_000)}` }],
    [
      "an escape and a line feed in a key past the depth",
      { "\u001b]0;PWN\u0007\nX": JSON.parse(`${'{"a":'.repeat(120)}1${"}".repeat(120)}`) },
    ],
  ])("%s: one line, escaped and cut", (_case, doc) => {
    const why = whyNotDocumentShape(doc)!;
    expect(why).toBeDefined();
    expect(why).not.toMatch(/[\n\u001b\u0007]/);
    expect(why.length).toBeLessThan(400);
  });
});

describe("whyNotDocumentShape's depth is Redocly's", () => {
  // The limit exists so that no document reaches Redocly's lint (or our own stack) too deep: held
  // to the lint itself, on each side of the limit.
  it.each([
    [MOST_DEPTH - 3, true],
    [MOST_DEPTH - 2, false],
  ])(
    "an extension nested %i deep: taken by both: %s",
    { timeout: 60_000 },
    async (levels, taken) => {
      const doc = JSON.parse(await readFile(paths.spec, "utf8"));
      doc["x-deep"] = nested(levels, 1);
      const file = path.join(await tempDir("depth"), "spec.json");
      await writeFile(file, JSON.stringify(doc));
      expect(whyNotDocumentShape(doc) === undefined).toBe(taken);
      expect(lintSpecFile(file).ok).toBe(taken);
    },
  );
});
