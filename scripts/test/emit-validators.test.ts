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
const pet = (kind: string) => ({
  type: "object",
  required: ["kind"],
  properties: { kind: { type: "string", enum: [kind, "other"] }, name: { type: "string" } },
});

const schemas: Json = {
  Tree: tree,
  Int: int,
  Alias: ref("Int"),
  Ping: ref("Pong"),
  Pong: ref("Ping"),
  Cat: pet("cat"),
  Dog: pet("dog"),
};
const responses = {
  tree: ref("Tree"),
  wrapped: { type: "object", properties: { tree: ref("Tree") } },
  sibling: { ...ref("Int"), minimum: 5 },
  chain: ref("Alias"),
  enumNamed: { type: "object", properties: { enum: ref("Int"), default: int } },
  pets: { oneOf: [ref("Cat"), ref("Dog")], discriminator: { propertyName: "kind" } },
  nullable: { ...ref("Int"), nullable: true },
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
  ["pets", { kind: "other", name: "both alike" }, true, true], // the tag picks one
  ["pets", { kind: "cow" }, false, false],
  ["pets", "cat", false, false],
  // A field named like a map of names (links, properties) holds a schema, its $ref followed.
  ["links", { links: "x" }, false, false],
  ["links", { properties: deep("x") }, false, false],
  ["links", { links: 1, properties: deep(1) }, true, true],
  // Beside a $ref, 3.0's nullable is ignored; 3.1 has no nullable, which Ajv refuses without a type.
  ["nullable", null, false, undefined],
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
