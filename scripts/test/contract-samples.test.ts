import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { listOperations, type Json } from "../src/codegen/openapi-model.js";
import { deriveSample, sampleKey, syncSamples } from "../src/contract/derive-sample.js";
import { parseSamples } from "../src/contract/samples-file.js";
import { paths } from "../src/repo.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";

// The contract samples: one per operation of whatever spec is vendored, derived from the spec
// where a person has not written one.

describe("the committed spec/contract-samples.json", () => {
  it("holds a sample for every operation of the vendored spec, and nothing else", async () => {
    const { spec } = await loadEffectiveSpec(paths.spec, paths.overlays, null);
    const samples = parseSamples(await readFile(paths.samples, "utf8"), "contract-samples.json");
    const { added, dropped } = syncSamples(spec, samples);
    expect({ added, dropped }).toEqual({ added: [], dropped: [] });
    expect(Object.keys(samples)).toEqual(listOperations(spec).map(sampleKey));
  });

  it("reaches the effective spec: every operation carries its x-contract-sample", async () => {
    const { spec } = await loadEffectiveSpec(paths.spec, paths.overlays);
    for (const op of listOperations(spec))
      expect(op.operation["x-contract-sample"], sampleKey(op)).toBeTypeOf("object");
  });
});

/** A one-operation spec (plus `others`) whose GET /x takes `params`. */
const docWith = (params: Json[], extra: Json = {}, others: Json = {}): Json => ({
  openapi: "3.0.3",
  paths: {
    "/x": {
      get: {
        parameters: params,
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { example: { data: { own_id: "o-1" } } } },
          },
        },
        ...extra,
      },
    },
    ...others,
  },
});
const other = {
  "/list": {
    get: {
      responses: {
        "200": {
          description: "ok",
          content: { "application/json": { example: { data: [{ shop_id: "s-9" }] } } },
        },
      },
    },
  },
};
const q = (name: string, schema: Json, more: Json = {}) => ({
  name,
  in: "query",
  required: true,
  schema,
  ...more,
});

describe("deriveSample", () => {
  // [case, the spec, the sample's query (or the reason it has none)]
  it.each<[string, Json, Json | RegExp]>([
    [
      "the parameter's example",
      docWith([q("a", { type: "string" }, { example: "e" })]),
      { a: "e" },
    ],
    ["the schema's default", docWith([q("a", { type: "string", default: "d" })]), { a: "d" }],
    [
      "the first enum value",
      docWith([q("region", { type: "string", enum: ["US", "GB"] })]),
      { region: "US" },
    ],
    [
      "an id in its own response example",
      docWith([q("own_id", { type: "string" })]),
      { own_id: "o-1" },
    ],
    [
      "an id in another operation's response example",
      docWith([q("shop_id", { type: "string" })], {}, other),
      { shop_id: "s-9" },
    ],
    ["an integer's lowest bound", docWith([q("n", { type: "integer", minimum: 5 })]), { n: 5 }],
    ["an unbounded integer: 1", docWith([q("n", { type: "integer" })]), { n: 1 }],
    [
      "a nullable integer, null listed first",
      docWith([q("n", { type: ["null", "integer"] })]),
      { n: 1 },
    ],
    // From a hostile review: a sample the parameter's rules refuse is no sample.
    ["a const", docWith([q("n", { type: "integer", const: 5 })]), { n: 5 }],
    ["a step", docWith([q("n", { type: "integer", multipleOf: 10 })]), { n: 10 }],
    [
      "3.1: an exclusive minimum",
      docWith([q("n", { type: "integer", exclusiveMinimum: 3 })]),
      { n: 4 },
    ],
    [
      "3.0: an exclusive minimum",
      docWith([q("n", { type: "number", minimum: 1, exclusiveMinimum: true, maximum: 5 })]),
      { n: 2 },
    ],
    ["a maximum below 1", docWith([q("n", { type: "integer", maximum: -3 })]), { n: -3 }],
    [
      "an exclusive maximum of 1, null listed first",
      docWith([q("n", { type: ["null", "number"], exclusiveMaximum: 1 })]),
      { n: 0 },
    ],
    // From a second review: what is found elsewhere is kept only when the schema takes it.
    [
      "a const over an id in a response example",
      docWith([q("own_id", { type: "string", const: "active" })]),
      { own_id: "active" },
    ],
    [
      "an id in a response example its pattern refuses",
      docWith([q("own_id", { type: "string", pattern: "^s-" })]),
      /^no value for the required query parameter `own_id`/,
    ],
    [
      "an example below the minimum",
      docWith([q("n", { type: "integer", nullable: true, minimum: 3 }, { example: 1 })]),
      { n: 3 },
    ],
    [
      "a const of null: none a query carries",
      docWith([q("n", { type: ["null", "integer"], const: null })]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "a minimum in an allOf",
      docWith([q("n", { type: "integer", allOf: [{ minimum: 5 }] })]),
      { n: 5 },
    ],
    // From a third review: the whole schema judges a value, as the generated validators do.
    [
      "an example below a minimum, no type",
      docWith([q("n", { minimum: 5 }, { example: 1 })]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "a default list shorter than minItems",
      docWith([q("n", { type: "array", items: { type: "string" }, minItems: 1, default: [] })]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "an example a oneOf refuses",
      docWith([q("n", { oneOf: [{ type: "integer", minimum: 5 }] }, { example: 1 })]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "a const of the wrong type",
      docWith([q("n", { type: "integer", const: "a" })]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "a nullable enum, null first: its first value",
      docWith([q("n", { type: "string", nullable: true, enum: [null, "asc", "desc"] })]),
      { n: "asc" },
    ],
    [
      "an enum whose first value breaks the pattern: the next",
      docWith([q("n", { type: "string", enum: ["A", "b"], pattern: "^[a-z]+$" })]),
      { n: "b" },
    ],
    [
      "allOf nested past the stack: unusable, no crash",
      docWith([
        q(
          "n",
          Array.from({ length: 5000 }).reduce<Json>((s) => ({ allOf: [s] }), { type: "integer" }),
        ),
      ]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "a step no integer within the bounds meets",
      docWith([q("n", { type: "integer", multipleOf: 7, maximum: 5 })]),
      /^no value for the required query parameter `n`/,
    ],
    [
      "optional parameters left out: the cheapest request",
      docWith([q("a", { type: "string" }, { example: "e", required: false })]),
      {},
    ],
    [
      "the page size as large as one credit buys",
      docWith(
        [
          q("page_num", { type: "integer", minimum: 1 }),
          q("page_size", { type: "integer", minimum: 1, maximum: 20 }),
        ],
        {
          responses: {
            "200": {
              description: "a page",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { data: { type: "array", items: { type: "object" } } },
                  },
                },
              },
            },
          },
        },
      ),
      { page_num: 1, page_size: 20 },
    ],
    [
      "nothing says what a valid value is",
      docWith([q("secret_id", { type: "string" })]),
      /^no value for the required query parameter `secret_id`/,
    ],
  ])("%s", (_case, doc, expected) => {
    const [op] = listOperations(doc);
    const sample = deriveSample(doc, op!);
    if (expected instanceof RegExp)
      expect((sample as { unusable: string }).unusable).toMatch(expected);
    else expect((sample as { query?: Json }).query ?? {}).toEqual(expected);
  });

  it("a body from its required fields; one it cannot fill is said, naming the field", () => {
    const body = (props: Json) =>
      docWith([], {
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: Object.keys(props), properties: props },
            },
          },
        },
      });
    const [op] = listOperations(body({ region: { type: "string", enum: ["US"] } }));
    expect(deriveSample(body({ region: { type: "string", enum: ["US"] } }), op!)).toMatchObject({
      body: { region: "US" },
    });
    const doc = body({ image_url: { type: "string" } });
    expect(deriveSample(doc, listOperations(doc)[0]!)).toEqual({
      unusable: "no value for the body's required field `image_url`: add one by hand",
    });
  });
});

describe("syncSamples", () => {
  it("keeps a person's sample, derives one for a new operation, drops a removed one's", () => {
    const doc = docWith([q("a", { type: "string", default: "d" })], {}, other);
    const { samples, added, dropped } = syncSamples(doc, {
      "GET /x": { query: { a: "mine" }, note: "by hand" },
      "GET /gone": { query: {} },
    });
    expect(samples["GET /x"]).toEqual({ query: { a: "mine" }, note: "by hand" });
    expect(added).toEqual(["GET /list"]);
    expect(dropped).toEqual(["GET /gone"]);
    expect(Object.keys(samples)).toEqual(["GET /x", "GET /list"]);
  });
});

describe("parseSamples refuses what the contract check could not send, naming it", () => {
  it.each<[string, string, RegExp]>([
    ["not JSON", "{", /f: not JSON/],
    ["no samples object", "{}", /expected \{ "samples"/],
    ["a bad key", '{"samples":{"get x":{}}}', /the sample of get x is not keyed/],
    ["an unknown field", '{"samples":{"GET /x":{"qurey":{}}}}', /unknown field `qurey`/],
    [
      "a query that is not an object",
      '{"samples":{"GET /x":{"query":[1]}}}',
      /`query` is not an object/,
    ],
    [
      "unusable with more",
      '{"samples":{"GET /x":{"unusable":"why","query":{}}}}',
      /must hold only that reason/,
    ],
  ])("%s", (_case, text, message) => {
    expect(() => parseSamples(text, "f")).toThrow(message);
  });
});

describe("deriveSample on bodies and hostile schemas (from a fourth review)", () => {
  /** A one-operation spec whose POST /x takes a required JSON body of `schema`. */
  const posting = (schema: Json, schemas: Json = {}, media: Json = {}): Json => ({
    openapi: "3.0.3",
    paths: {
      "/x": {
        post: {
          requestBody: { required: true, content: { "application/json": { schema, ...media } } },
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: { schemas },
  });
  /** `n` components, each with `refs` properties pointing at others: paths multiply. */
  const tangle = (n: number, refs: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `S${i}`,
        {
          type: "object",
          properties: Object.fromEntries(
            Array.from({ length: refs }, (_, j) => [
              `p${j}`,
              { $ref: `#/components/schemas/S${(i * 7 + j * 13 + 1) % n}` },
            ]),
          ),
        },
      ]),
    );
  const obj = (properties: Json, more: Json = {}) => ({ type: "object", properties, ...more });
  /** A body of one required `pet`: a discriminated oneOf of a Cat and this Dog, its example a Cat. */
  const withPet = (dog: Json) =>
    posting(obj({ pet: { $ref: "#/components/schemas/Pet" } }, { required: ["pet"] }), {
      Pet: {
        oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
        discriminator: { propertyName: "kind" },
        example: { kind: "Cat", name: "tom" },
      },
      Cat: obj({ kind: { type: "string" }, name: { type: "string" } }),
      Dog: dog,
    });
  // [case, the spec, the sample's body (or the reason it has none)]
  it.each<[string, Json, unknown]>([
    [
      "30 components that use each other: Ajv follows them, nothing is expanded",
      posting(obj({ s: { $ref: "#/components/schemas/S0" } }, { required: ["s"] }), {
        ...tangle(30, 3),
        S0: { ...tangle(30, 3).S0, example: { p0: {} } },
      }),
      { s: { p0: {} } },
    ],
    [
      "a pattern Ajv cannot read: the field's own example",
      posting(
        obj(
          { zip: { type: "string", pattern: "^\\d{5}\\-\\d{4}$", example: "12345-6789" } },
          { required: ["zip"] },
        ),
      ),
      { zip: "12345-6789" },
    ],
    // A discriminator "MUST NOT change the validation outcome" (OpenAPI 3.0.4): a oneOf whose
    // alternatives look alike takes no value, and saying so beats sending one it refuses.
    [
      "a oneOf with a discriminator whose alternatives look alike",
      withPet(obj({ kind: { type: "string" }, name: { type: "string" } })),
      /^no value for the body's required field `pet`/,
    ],
    [
      "a oneOf with a discriminator: the example one alternative takes",
      withPet(obj({ kind: { type: "string" }, bark: { type: "integer" } }, { required: ["bark"] })),
      { pet: { kind: "Cat", name: "tom" } },
    ],
    [
      "an example the schema refuses: the required fields instead",
      posting(obj({ a: { type: "integer" } }, { required: ["a"] }), {}, { example: { a: "nope" } }),
      { a: 1 },
    ],
    [
      "required fields that do not make a body the schema takes",
      posting({ ...obj({ a: { type: "integer" } }, { required: ["a"] }), minProperties: 2 }),
      /^no value for a body its schema takes/,
    ],
    // From a fifth review.
    [
      "3.1: a field's examples list, its first value it takes",
      {
        ...posting(obj({ a: { type: "string", examples: [null, "b"] } }, { required: ["a"] })),
        openapi: "3.1.0",
      },
      { a: "b" },
    ],
    [
      "a discriminated oneOf takes only an object",
      posting(
        obj({ pet: { $ref: "#/components/schemas/Pet", default: "rex" } }, { required: ["pet"] }),
        {
          Pet: {
            oneOf: [{ $ref: "#/components/schemas/Cat" }],
            discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat" } },
          },
          Cat: obj({ kind: { type: "string" } }),
        },
      ),
      /^no value for the body's required field `pet`/,
    ],
    [
      "a property named default is a field like any other",
      posting(
        obj({ default: { type: "integer" } }, { required: ["default"] }),
        {},
        {
          example: { default: "x" },
        },
      ),
      { default: 1 },
    ],
    [
      "a $ref into paths is followed",
      {
        ...posting(obj({ n: { $ref: "#/paths/~1x/post/x-size" } }, { required: ["n"] })),
        paths: {
          "/x": {
            post: {
              "x-size": { type: "integer", minimum: 3 },
              requestBody: {
                required: true,
                content: {
                  "application/json": {
                    schema: obj({ n: { $ref: "#/paths/~1x/post/x-size" } }, { required: ["n"] }),
                    example: { n: "abc" },
                  },
                },
              },
              responses: { "200": { description: "ok" } },
            },
          },
        },
      },
      { n: 3 },
    ],
    [
      "a field whose only value is null",
      posting(obj({ a: { nullable: true, enum: [null] } }, { required: ["a"] })),
      { a: null },
    ],
  ])("%s", (_case, doc, expected) => {
    const sample = deriveSample(doc, listOperations(doc)[0]!);
    if (expected instanceof RegExp)
      expect((sample as { unusable: string }).unusable).toMatch(expected);
    else expect((sample as { body?: unknown }).body).toEqual(expected);
  });
});
