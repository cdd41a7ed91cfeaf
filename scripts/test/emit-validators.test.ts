import ts from "typescript";
import { describe, expect, it } from "vitest";
import { emitValidators } from "../src/codegen/emit-validators.js";
import { listOperations, type Json } from "../src/codegen/openapi-model.js";

// The generated response validators follow the document's `$ref`s through Ajv: a recursive
// schema is checked at every depth, a much-shared one is compiled once, and each dialect keeps
// its own rule for a `$ref`'s siblings.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const int = { type: "integer" };

/** A spec whose operation `/<name>` answers 200 with each schema; the components shared. */
function spec(openapi: string, schemas: Json, responses: Record<string, unknown>): Json {
  const paths = Object.fromEntries(
    Object.entries(responses).map(([name, schema]) => [
      `/${name}`,
      {
        get: {
          operationId: name,
          responses: { 200: { description: "ok", content: { "application/json": { schema } } } },
        },
      },
    ]),
  );
  return { openapi, info: { title: "t", version: "1" }, paths, components: { schemas } };
}

type Check = (value: unknown) => boolean;

async function validators(doc: Json, warnings: string[] = []) {
  const ops = listOperations(doc);
  const source = emitValidators(
    doc,
    ops.map((op) => ({ op, name: op.path.slice(1) })),
    (w) => warnings.push(w),
  );
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const { responseValidators } = (await import(
    `data:text/javascript;base64,${Buffer.from(js).toString("base64")}`
  )) as { responseValidators: Record<string, Check> };
  return { source, check: (name: string) => responseValidators[`GET /${name} 200`]! };
}

const tree = {
  type: "object",
  properties: { n: int, kids: { type: "array", items: ref("Tree") } },
};
const deep = (leaf: unknown) => ({ n: 1, kids: [{ n: 2, kids: [{ n: 3, kids: [{ n: leaf }] }] }] });
// Two pets alike but for what Dog requires. A discriminator "MUST NOT change the validation
// outcome" (OpenAPI 3.0.4): a body both take is refused by their oneOf, whatever its tag.
const pet = (...required: string[]) => ({
  type: "object",
  required: ["kind", ...required],
  properties: { kind: { type: "string" }, bark: int },
});
const pets = (mapping?: Json) => ({
  oneOf: [ref("Cat"), ref("Dog")],
  discriminator: { propertyName: "kind", ...(mapping ? { mapping } : {}) },
});

const schemas: Json = {
  Tree: tree,
  Int: int,
  Alias: ref("Int"),
  Ping: ref("Pong"),
  Pong: ref("Ping"),
  Cat: pet(),
  Dog: pet("bark"),
  Pet: pets(),
  Lower: { type: "object", required: ["t"], properties: { t: { enum: ["lower"] } } },
  Other: { type: "object", required: ["t"], properties: { t: { enum: ["other"] } } },
  U: { type: "object", required: ["id"], properties: { id: int } },
  NullableAllOf: { nullable: true, allOf: [{ type: "object" }], properties: { n: int } },
  nullable: { type: "string" },
};
const responses = {
  tree: ref("Tree"),
  wrapped: { type: "object", properties: { tree: ref("Tree") } },
  sibling: { ...ref("Int"), minimum: 5 },
  chain: ref("Alias"),
  enumNamed: { type: "object", properties: { enum: ref("Int"), default: int } },
  pets: pets(),
  lowerTags: { oneOf: [ref("Lower"), ref("Other")], discriminator: { propertyName: "t" } },
  petOrNull: { oneOf: [ref("Cat"), { type: "null" }], discriminator: { propertyName: "kind" } },
  petOrAny: { ...pets(), anyOf: [{ required: ["name"] }] },
  intoOneOf: { type: "object", properties: { p: { $ref: "#/components/schemas/Pet/oneOf/0" } } },
  nullableAllOf: {
    type: "object",
    properties: { n: { $ref: "#/components/schemas/NullableAllOf/properties/n" } },
  },
  nullableName: { type: "object", properties: { x: ref("nullable") } },
  nullable: { ...ref("Int"), nullable: true },
  owner: { type: "object", properties: { owner: { ...ref("U"), nullable: true } } },
  unapplied: { type: "object", properties: { a: int }, info: ref("Ping") },
  links: { type: "object", properties: { links: ref("Int"), properties: ref("Tree") } },
};

// [operation, value, valid in 3.0, valid in 3.1 (undefined: not validated, with a warning)]
const cases: [keyof typeof responses, unknown, boolean, boolean | undefined][] = [
  ["tree", deep(4), true, true],
  ["tree", deep("four"), false, false], // past the first level: was accepted
  ["wrapped", { tree: deep("four") }, false, false],
  ["sibling", 3, true, false], // 3.0 ignores a $ref's siblings; 2020-12 applies them
  ["sibling", 7, true, true],
  ["chain", "x", false, false],
  ["chain", 1, true, true],
  ["enumNamed", { enum: "x" }, false, false], // a property named enum is a schema, not data
  ["enumNamed", { default: "x" }, false, false],
  ["enumNamed", { enum: 1, default: 2 }, true, true],
  // A discriminated oneOf, read as a oneOf.
  ["pets", { kind: "Cat" }, true, true], // Cat's alone: Dog requires a bark
  ["pets", { kind: "Dog", bark: 1 }, false, false], // both take it: oneOf refuses
  ["pets", { kind: "cow" }, true, true], // the tag is not checked
  ["pets", "Cat", false, false],
  ["pets", {}, false, false],
  ["lowerTags", { t: "lower" }, true, true], // tags that are no component's name
  ["lowerTags", { t: "Lower" }, false, false],
  ["petOrNull", null, true, true],
  ["petOrAny", { kind: "Cat" }, false, false], // an anyOf beside it applies
  ["petOrAny", { kind: "Cat", name: "tom" }, true, true],
  // A $ref into a schema this rewrites (a oneOf renamed, a nullable wrapped) still reaches it.
  ["intoOneOf", { p: { kind: 1 } }, false, false],
  ["intoOneOf", { p: { kind: "x" } }, true, true],
  ["nullableAllOf", { n: "x" }, false, false],
  ["nullableName", { x: 5 }, false, false], // a component named nullable
  // A field named like a map of names (links, properties) holds a schema, its $ref followed.
  ["links", { links: "x" }, false, false],
  ["links", { properties: deep("x") }, false, false],
  ["links", { links: 1, properties: deep(1) }, true, true],
  // Beside a $ref, 3.0's nullable is ignored; 3.1 has none (Ajv's own, without a type, refused
  // the schema: the response went unchecked).
  ["nullable", null, false, false],
  ["owner", { owner: { id: "x" } }, false, false],
  ["owner", { owner: { id: 1 } }, true, true],
  // A $ref under a keyword that applies nothing (a loop there is never run).
  ["unapplied", { a: "x" }, false, false],
  ["unapplied", { a: 1 }, true, true],
];

describe.each([
  ["3.0.3", 2],
  ["3.1.0", 3],
])("emitValidators, OpenAPI %s", (openapi, column) => {
  it.each(cases)("%s: %j", async (name, value, ...valid) => {
    const { check } = await validators(spec(openapi, schemas, responses));
    expect(check(name)?.(value)).toBe(valid[column - 2]);
  });

  it("says once that a response of bare `$ref`s in a cycle is not validated, and goes on", async () => {
    const warnings: string[] = [];
    const doc = spec(openapi, schemas, { loop: ref("Ping"), tree: ref("Tree") });
    const { check } = await validators(doc, warnings);
    expect(check("loop")).toBeUndefined();
    expect(check("tree")(deep("x"))).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^GET \/loop 200: response not validated: /);
  });
});

describe("emitValidators on shared schemas", () => {
  // Each of 40 components holds the next two: 2^40 paths through the graph, inlined before.
  const dense: Json = {};
  for (let i = 0; i < 40; i++)
    dense[`S${i}`] =
      i === 39
        ? { type: "object", properties: { leaf: int } }
        : {
            type: "object",
            properties: { a: ref(`S${i + 1}`), b: ref(`S${Math.min(i + 2, 39)}`) },
          };
  const nested = (depth: number, leaf: unknown): unknown =>
    depth === 39 ? { leaf } : { b: nested(Math.min(depth + 2, 39), leaf) };

  it.each<[string, unknown, boolean]>([
    ["a valid leaf 20 levels down", nested(0, 1), true],
    ["a wrong leaf 20 levels down", nested(0, "x"), false],
  ])("%s", async (_name, value, valid) => {
    const { check } = await validators(spec("3.0.3", dense, { top: ref("S0"), again: ref("S0") }));
    expect(check("top")(value)).toBe(valid);
  });

  it("compiles each component once: the code grows with the components, not the paths", async () => {
    const { source } = await validators(spec("3.0.3", dense, { top: ref("S0"), again: ref("S0") }));
    expect(source.length).toBeLessThan(200_000);
    // One validator for the two responses that share a schema.
    expect(source.match(/export const v\d+ =/g)).toHaveLength(1);
  });
});

describe("emitValidators: a vendor's ids, anchors and examples check nothing", () => {
  const node = (extra: Json) => ({
    ...extra,
    type: "object",
    properties: { n: int, kids: { type: "array", items: ref("Node") } },
  });
  // [case, the Node component, or more components]
  it.each<[string, Json]>([
    [
      "an $id that would end a comment in the code",
      { Node: node({ $id: "urn:n*/globalThis.PWNED=1;/*" }) },
    ],
    ["an $id like one of ours", { Node: node({ $id: "keyapi:r0" }) }],
    ["an $anchor Ajv refuses", { Node: node({ $anchor: "not valid!" }) }],
    ["a $schema no one knows", { Node: node({ $schema: "https://x/unknown" }) }],
    [
      "the same $id in two examples",
      {
        Node: node({ example: { $id: "https://ex.com/s.json" } }),
        Other: { type: "object", example: { $id: "https://ex.com/s.json" } },
      },
    ],
    ["an $anchor in an extension", { Node: node({ "x-meta": { $anchor: "not valid!" } }) }],
  ])("%s", async (_case, components) => {
    for (const openapi of ["3.0.3", "3.1.0"]) {
      const warnings: string[] = [];
      const doc = spec(openapi, components, { tree: ref("Node"), wrapped: { items: ref("Node") } });
      const { source, check } = await validators(doc, warnings);
      expect(warnings).toEqual([]);
      expect(source).not.toContain("PWNED");
      expect(check("tree")({ n: 1, kids: [{ n: "x" }] })).toBe(false);
      expect(check("tree")({ n: 1, kids: [{ n: 2 }] })).toBe(true);
      expect((globalThis as { PWNED?: unknown }).PWNED).toBeUndefined();
    }
  });

  it("an $id in a schema a $ref reaches at an odd place (a map of names) is left out", async () => {
    const components = {
      T: { type: "string" },
      S: {
        type: "object",
        links: { $id: "x*/;globalThis.PWNED=1;/*", properties: { q: ref("T") } },
      },
    };
    for (const openapi of ["3.0.3", "3.1.0"]) {
      const doc = spec(openapi, components, {
        a: { type: "object", properties: { a: { $ref: "#/components/schemas/S/links" } } },
      });
      const { source, check } = await validators(doc);
      expect(source).not.toContain("PWNED");
      expect(check("a")({ a: { q: 1 } })).toBe(false);
      expect((globalThis as { PWNED?: unknown }).PWNED).toBeUndefined();
    }
  });

  it("says which response a $ref's failure leaves unchecked, each one, with the spec's pointer", async () => {
    const warnings: string[] = [];
    const doc = spec("3.0.3", schemas, {
      a: { properties: { x: ref("Missing") } },
      b: { properties: { y: ref("Missing") } },
    });
    await validators(doc, warnings);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^GET \/a 200: response not validated: .*#\/components\/schemas\/Missing/,
      ),
      expect.stringMatching(
        /^GET \/b 200: response not validated: .*#\/components\/schemas\/Missing/,
      ),
    ]);
    expect(warnings.join("\n")).not.toMatch(/keyapi:|\bv\d\b/);
  });
});

describe("emitValidators: $refs that would run Ajv's check or its compiler past the stack", () => {
  const loop = /\$refs that lead back to the same value/;
  // [case, components (response: A), what the warning says]
  it.each<[string, Json, RegExp]>([
    [
      "two allOfs that hold each other",
      { A: { allOf: [ref("B")] }, B: { allOf: [ref("A")] } },
      loop,
    ],
    [
      "an alternative that is all of its own oneOf (a discriminator's idiom)",
      {
        A: { oneOf: [ref("B")], discriminator: { propertyName: "k" } },
        B: { allOf: [ref("A"), { type: "object" }] },
      },
      loop,
    ],
    ["a not of itself", { A: { not: ref("A") } }, loop],
    [
      "a dependency on itself (applies to the same value)",
      { A: { type: "object", dependencies: { x: ref("A") }, dependentSchemas: { x: ref("A") } } },
      loop,
    ],
    [
      "a $ref to the whole document",
      { A: { allOf: [{ $ref: "#" }] } },
      /a \$ref the validators do not follow: #/,
    ],
    ["a dynamic $ref", { A: { allOf: [{ $dynamicRef: "#" }] } }, /\$dynamicRef is not followed/],
  ])("%s: said, not written", async (_case, components, says) => {
    for (const openapi of ["3.0.3", "3.1.0"]) {
      const warnings: string[] = [];
      const doc = spec(openapi, { ...components, Tree: tree }, { a: ref("A"), tree: ref("Tree") });
      const { check } = await validators(doc, warnings);
      expect(check("a")).toBeUndefined();
      expect(warnings).toEqual([expect.stringMatching(/^GET \/a 200: response not validated: /)]);
      expect(warnings[0]).toMatch(says);
      expect(check("tree")(deep("x"))).toBe(false);
    }
  });

  it("a response refused for a loop leaves the next one that shares its schemas checked", async () => {
    const chain: Json = { Loop: { allOf: [ref("Loop")] } };
    for (let i = 0; i < 400; i++)
      chain[`C${i}`] = { type: "object", properties: { next: i < 399 ? ref(`C${i + 1}`) : int } };
    const warnings: string[] = [];
    const doc = spec("3.0.3", chain, {
      a: { allOf: [ref("Loop")], properties: { c: ref("C0") } },
      b: ref("C0"),
    });
    const { check } = await validators(doc, warnings);
    expect(warnings).toEqual([expect.stringMatching(/^GET \/a 200: .*\$refs that lead back/)]);
    let v: unknown = "x";
    for (let i = 0; i < 400; i++) v = { next: v };
    expect(check("b")(v)).toBe(false);
  });

  it("vendor text that names Ajv's comment, in strings, is only text; one spelling it out refused", async () => {
    const field = { type: "string", pattern: "^sourceURL=", enum: ["sourceURL=1", "*/ x"] };
    const doc = (name: string) =>
      spec("3.0.3", {}, { a: { type: "object", properties: { [name]: field } } });
    const { check } = await validators(doc("sourceURL=x */"));
    expect(check("a")({ "sourceURL=x */": "sourceURL=1" })).toBe(true);
    expect(check("a")({ "sourceURL=x */": "x" })).toBe(false);
    const warnings: string[] = [];
    expect((await validators(doc("/*# sourceURL=x */"), warnings)).check("a")).toBeUndefined();
    expect(warnings).toEqual([
      "GET /a 200: response not validated: Ajv's code holds a schema id not the generator's own: refused",
    ]);
  });

  // From a fourth review: `dependencies` holds property names, each a schema applied to the value.
  it.each<[string, Json, [unknown, boolean | "throws"][]]>([
    [
      "a vendor $id in a dependency named default",
      {
        type: "object",
        dependencies: {
          default: {
            $id: "x*/;globalThis.PWNED=1;let zz=/",
            type: "object",
            properties: { n: int },
          },
        },
      },
      [
        [{ default: 1, n: "x" }, false],
        [{ default: 1, n: 1 }, true],
      ],
    ],
    [
      "a dependency named example or x-y is checked",
      {
        type: "object",
        dependencies: { example: { required: ["b"] }, "x-y": { required: ["c"] } },
      },
      [
        [{ example: 1 }, false],
        [{ "x-y": 1 }, false],
        [{ example: 1, b: 1 }, true],
      ],
    ],
    [
      "a $ref in a dependency named const is followed",
      { type: "object", dependencies: { const: { properties: { n: ref("Int") } } } },
      [
        [{ const: 1, n: "x" }, false],
        [{ const: 1, n: 1 }, true],
      ],
    ],
  ])("%s", async (_case, schema, rows) => {
    for (const openapi of ["3.0.3", "3.1.0"]) {
      const warnings: string[] = [];
      const { source, check } = await validators(
        spec(openapi, { Int: int }, { a: schema }),
        warnings,
      );
      expect(warnings).toEqual([]);
      expect(source).not.toContain("PWNED");
      expect(rows.map(([v]) => check("a")(v))).toEqual(rows.map(([, ok]) => ok));
    }
  });

  // From a fifth review: Ajv runs each function it writes (`new Function`) in the generator.
  it("vendor code in an $id is never run, at generation or after", async () => {
    const E = "*/},globalThis.PWNED=1,function(){/*";
    const carrier = { $id: "keyapi:r0", $ref: E, x: { $id: E } };
    for (const openapi of ["3.0.3", "3.1.0"]) {
      const warnings: string[] = [];
      const doc = spec(
        openapi,
        { C: { type: "string" } },
        {
          // A property named examples holds a schema: its `value` is no Example Object's data.
          a: { type: "object", properties: { examples: { not: { value: carrier } } } },
          b: { type: "object", properties: { b: ref("C") } },
          c: {
            type: "object",
            properties: { c: ref("C"), d: { dependentSchemas: { $id: carrier } } },
          },
        },
      );
      const { source, check } = await validators(doc, warnings).catch((e: Error) => {
        expect(e.message).toMatch(/a schema id not the generator's own: refused/); // the safe side
        return { source: "", check: () => undefined };
      });
      expect((globalThis as { PWNED?: unknown }).PWNED).toBeUndefined();
      expect(source).not.toContain("PWNED");
      if (source) expect(check("b")?.({ b: 1 })).toBe(false);
    }
  });

  it("a $ref to the document in a dependency is said, not written", async () => {
    const warnings: string[] = [];
    const doc = spec(
      "3.0.3",
      {},
      { a: { type: "object", dependencies: { default: { $ref: "#" } } } },
    );
    const { check } = await validators(doc, warnings);
    expect(check("a")).toBeUndefined();
    expect(warnings[0]).toMatch(/a \$ref the validators do not follow: #/);
  });

  it("a discriminator's mapping is names, never read as a schema", async () => {
    const warnings: string[] = [];
    const mapping = { $dynamicRef: "#/components/schemas/Int", $ref: "Int" };
    const doc = spec(
      "3.1.0",
      { Int: int },
      {
        a: {
          oneOf: [ref("Int"), { type: "string" }],
          discriminator: { propertyName: "k", mapping },
        },
      },
    );
    const { check } = await validators(doc, warnings);
    expect(warnings).toEqual([]);
    expect(check("a")(1)).toBe(true);
  });

  it("a chain of 1,000 components, each a field of the one before, is checked to its end", async () => {
    const chain: Json = {};
    for (let i = 0; i < 1000; i++)
      chain[`C${i}`] = { type: "object", properties: { next: i < 999 ? ref(`C${i + 1}`) : int } };
    const value = (leaf: unknown) => {
      let v: unknown = leaf;
      for (let i = 0; i < 1000; i++) v = { next: v };
      return v;
    };
    const warnings: string[] = [];
    const { check } = await validators(spec("3.0.3", chain, { c: ref("C0") }), warnings);
    expect(warnings).toEqual([]);
    expect(check("c")(value(1))).toBe(true);
    expect(check("c")(value("x"))).toBe(false);
  });

  it("a component used 100 times is one function, not 100 copies", async () => {
    const fields = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`f${i}`, { type: "string", maxLength: 10 }]),
    );
    const uses = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, ref("Big")]));
    const doc = spec(
      "3.0.3",
      { Big: { type: "object", properties: fields } },
      {
        big: { type: "object", properties: uses },
      },
    );
    const source = emitValidators(
      doc,
      listOperations(doc).map((op) => ({ op, name: "big" })),
    );
    // 6.4 MB when Ajv inlined the component at each use.
    expect(source.length).toBeLessThan(200_000);
  });
});
