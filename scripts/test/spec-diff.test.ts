import { beforeAll, describe, expect, it, vi } from "vitest";
import { bumpFor, diffSpecs, type ChangeKind } from "../src/spec-diff/classify.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { paths } from "../src/repo.js";

type Spec = any;
const R = "/v1/tiktok/product/reviews/analytics";
const op = (s: Spec) => s.paths[R].get;
const param = (s: Spec, name: string) =>
  op(s).parameters.find((p: { name: string }) => p.name === name);
const ok = (s: Spec) => op(s).responses["200"].content["application/json"].schema;
const item = (s: Spec) => ok(s).properties.data.items;

// [mutation kind, mutate a copy of the effective spec, the kind we expect, the bump,
//  and optionally a change applied to both sides first]
const mutations: [string, (s: Spec) => void, ChangeKind, string, ((s: Spec) => void)?][] = [
  ["operation removed", (s) => delete s.paths[R].get, "breaking", "major"],
  ["path removed", (s) => delete s.paths[R], "breaking", "major"],
  [
    "new operation",
    (s) =>
      (s.paths["/v1/tiktok/user/info"] = { get: { responses: { "200": { description: "ok" } } } }),
    "additive",
    "minor",
  ],
  [
    "new optional parameter",
    (s) =>
      op(s).parameters.push({
        name: "sort",
        in: "query",
        required: false,
        schema: { type: "string" },
      }),
    "additive",
    "minor",
  ],
  [
    "new required parameter",
    (s) =>
      op(s).parameters.push({
        name: "region",
        in: "query",
        required: true,
        schema: { type: "string" },
      }),
    "breaking",
    "major",
  ],
  [
    "parameter made required",
    (s) => (param(s, "sort").required = true),
    "breaking",
    "major",
    (s) => op(s).parameters.push({ name: "sort", in: "query", schema: { type: "string" } }),
  ],
  [
    "parameter made optional",
    (s) => (param(s, "product_id").required = false),
    "additive",
    "minor",
  ],
  ["parameter removed", (s) => op(s).parameters.splice(0, 1), "breaking", "major"],
  [
    "parameter type changed (integer → string)",
    (s) => (param(s, "page_num").schema.type = "string"),
    "breaking",
    "major",
  ],
  [
    "parameter maximum tightened",
    (s) => (param(s, "page_size").schema.maximum = 5),
    "breaking",
    "major",
  ],
  [
    "parameter maximum loosened",
    (s) => (param(s, "page_size").schema.maximum = 50),
    "additive",
    "minor",
  ],
  [
    "parameter given an enum",
    (s) => (param(s, "sort").schema.enum = ["a"]),
    "breaking",
    "major",
    (s) => op(s).parameters.push({ name: "sort", in: "query", schema: { type: "string" } }),
  ],
  [
    "parameter enum value removed",
    (s) => (param(s, "sort").schema.enum = ["a"]),
    "breaking",
    "major",
    (s) =>
      op(s).parameters.push({
        name: "sort",
        in: "query",
        schema: { type: "string", enum: ["a", "b"] },
      }),
  ],
  ["response property removed", (s) => delete item(s).properties.sku_id, "breaking", "major"],
  [
    "response property made optional",
    (s) => (ok(s).required = ["code", "message", "data"]),
    "breaking",
    "major",
  ],
  [
    "response property made required",
    (s) => (item(s).required = ["review_id"]),
    "additive",
    "minor",
  ],
  [
    "response property type changed",
    (s) => (item(s).properties.rating.type = "string"),
    "breaking",
    "major",
  ],
  [
    "response type changed (array → object)",
    (s) => (ok(s).properties.data = { type: "object" }),
    "breaking",
    "major",
  ],
  [
    "new response property",
    (s) => (item(s).properties.helpful_votes = { type: "integer" }),
    "additive",
    "minor",
  ],
  [
    "new enum value in a response",
    (s) => item(s).properties.rating.enum.push(6),
    "additive",
    "minor",
    (s) => (item(s).properties.rating.enum = [1, 2, 3, 4, 5]),
  ],
  [
    "enum value removed in a response",
    (s) => item(s).properties.rating.enum.pop(),
    "breaking",
    "major",
    (s) => (item(s).properties.rating.enum = [1, 2, 3, 4, 5]),
  ],
  ["response status removed", (s) => delete op(s).responses["402"], "breaking", "major"],
  ["security changed", (s) => (op(s).security = []), "breaking", "major"],
  [
    "description changed",
    (s) => (param(s, "product_id").description = "The product's id"),
    "docs",
    "patch",
  ],
  ["summary changed", (s) => (op(s).summary = "Reviews"), "docs", "patch"],
  ["example changed", (s) => (ok(s).example.message = "ok"), "docs", "patch"],
  [
    "response property nullable",
    (s) => (item(s).properties.sku_id.nullable = true),
    "breaking",
    "major",
  ],
];

describe("spec:diff classification, from a consumer's side", () => {
  let base: Spec;
  beforeAll(async () => {
    base = (await loadEffectiveSpec(paths.spec, paths.overlays)).spec;
  });

  it("finds nothing between a spec and itself", () => {
    expect(diffSpecs(base, structuredClone(base))).toEqual([]);
  });

  it.each(mutations)("%s", (_name, mutate, kind, bump, prepare) => {
    const before = structuredClone(base);
    prepare?.(before);
    const after = structuredClone(before);
    mutate(after);
    const changes = diffSpecs(before, after);
    expect(changes.length, "a change must be found").toBeGreaterThan(0);
    expect(
      changes.map((c) => c.kind),
      JSON.stringify(changes),
    ).toContain(kind);
    expect(bumpFor(changes)).toBe(bump);
  });
});

/** A document of one path, `/x`, with one operation (answering 200) and these components. */
const oneOperation = (method: string, operation: object, components?: object) => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: { "/x": { [method]: { responses: { "200": { description: "ok" } }, ...operation } } },
  ...(components ? { components } : {}),
});
/** A POST taking this JSON body. */
const withBody = (schema: object) =>
  oneOperation("post", { requestBody: { content: { "application/json": { schema } } } });
/** A GET answering this JSON body. */
const answering = (schema: object) =>
  oneOperation("get", {
    responses: { "200": { description: "ok", content: { "application/json": { schema } } } },
  });

// api-smart-diff numbers a parameter it added after the base's last and indexes a change inside
// one by the base's array: the description must name the parameter the change is about, and a
// parameter given by `$ref` must be read as what it points at.
describe("spec:diff names the parameter each change is about", () => {
  const q = (name: string, extra: object = {}) => ({
    name,
    in: "query",
    schema: { type: "string" },
    ...extra,
  });
  const doc = (parameters: object[]) =>
    oneOperation(
      "get",
      { parameters },
      { parameters: { Old: q("ref_old"), New: q("ref_new", { required: true }) } },
    );
  const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });
  const rows: [string, object[], object[], [ChangeKind, string][]][] = [
    [
      "renamed in place",
      [q("keep"), q("old")],
      [q("keep"), q("new")],
      [
        ["breaking", "query parameter `old` removed"],
        ["additive", "query parameter `new` added (optional)"],
      ],
    ],
    [
      "removed before another",
      [q("a"), q("b"), q("c")],
      [q("a"), q("c")],
      [["breaking", "query parameter `b` removed"]],
    ],
    [
      "inserted before another",
      [q("a"), q("c")],
      [q("a"), q("b"), q("c")],
      [["additive", "query parameter `b` added (optional)"]],
    ],
    [
      "changed after an insertion",
      [q("a"), q("b")],
      [q("x"), q("a"), q("b", { schema: { type: "integer" } })],
      [
        ["breaking", 'query parameter `b`: schema.type: "string" → "integer"'],
        ["additive", "query parameter `x` added (optional)"],
      ],
    ],
    [
      "a required one added by $ref",
      [q("a")],
      [q("a"), ref("New")],
      [["breaking", "query parameter `ref_new` added (required)"]],
    ],
    [
      "swapped by $ref",
      [ref("Old")],
      [ref("New")],
      [
        ["breaking", "query parameter `ref_old` removed"],
        ["breaking", "query parameter `ref_new` added (required)"],
      ],
    ],
  ];

  it.each(rows)("%s", (_name, before, after, expected) => {
    const changes = diffSpecs(doc(before), doc(after));
    expect(changes.map((c) => [c.kind, c.description]).sort()).toEqual(expected.sort());
  });
});

// A request body's field is read as a field, whatever its name: one named `parameters` (or
// `responses`) was read as the operation's, and a tightened one called additive.
describe("spec:diff reads a body field named like an operation's key as a field", () => {
  const doc = (field: string, schema: object) =>
    withBody({ type: "object", properties: { [field]: schema } });
  it.each(["parameters", "responses", "options"])(
    "a field named %s, tightened: breaking",
    (field) => {
      const changes = diffSpecs(
        doc(field, { type: "string" }),
        doc(field, { type: "string", maxLength: 64, pattern: "^[a-z]+$" }),
      );
      expect(changes.length).toBeGreaterThan(0);
      expect(bumpFor(changes)).toBe("major");
      for (const c of changes) expect(c.description).not.toMatch(/undefined/);
    },
  );
});

// A field named like a documentation keyword is a field: its removal or retyping breaks readers.
describe("spec:diff reads a field named like a docs keyword as a field", () => {
  const doc = (field: string, schema: object | undefined) =>
    answering({
      type: "object",
      properties: { keep: { type: "string" }, ...(schema ? { [field]: schema } : {}) },
    });
  // [field, before, after]
  it.each<[string, object, object | undefined]>([
    ["title", { type: "string" }, undefined],
    ["tags", { type: "array", items: { type: "string" } }, { type: "string" }],
    ["description", { type: "string" }, { type: "integer" }],
    [
      "summary",
      { type: "object", properties: { views: { type: "integer" } } },
      { type: "object", properties: {} },
    ],
  ])("a response field named %s, removed or retyped: breaking", (field, before, after) => {
    const changes = diffSpecs(doc(field, before), doc(field, after));
    expect(bumpFor(changes), JSON.stringify(changes)).toBe("major");
  });

  it("a response's own description is still docs", () => {
    const before = doc("x", undefined);
    const after = structuredClone(before);
    after.paths["/x"]!.get!.responses["200"].description = "changed";
    expect(bumpFor(diffSpecs(before, after))).toBe("patch");
  });
});

// What the caller sends, read field by field; a field named like a keyword is a field.
describe("spec:diff classifies request-body changes from the caller's side", () => {
  type Schema = Record<string, unknown>;
  const obj = (properties: Schema, required?: string[]) => ({
    type: "object",
    properties,
    ...(required ? { required } : {}),
  });
  const s = { type: "string" };
  // [case, before, after, bump]
  it.each<[string, Schema, Schema, string]>([
    ["an optional field added", obj({ a: s }), obj({ a: s, b: s }), "minor"],
    ["a field removed (typed callers pass it)", obj({ a: s, b: s }), obj({ a: s }), "major"],
    ["a field made required", obj({ a: s, b: s }), obj({ a: s, b: s }, ["b"]), "major"],
    ["a field made optional", obj({ a: s, b: s }, ["b"]), obj({ a: s, b: s }), "minor"],
    ["a field's type changed", obj({ a: s }), obj({ a: { type: "integer" } }), "major"],
    [
      "a field's maxLength tightened",
      obj({ a: { type: "string", maxLength: 9 } }),
      obj({ a: { type: "string", maxLength: 5 } }),
      "major",
    ],
    [
      "a field's maxLength loosened",
      obj({ a: { type: "string", maxLength: 5 } }),
      obj({ a: { type: "string", maxLength: 9 } }),
      "minor",
    ],
    [
      "an enum value removed",
      obj({ a: { type: "string", enum: ["x", "y"] } }),
      obj({ a: { type: "string", enum: ["x"] } }),
      "major",
    ],
    [
      "an enum value added",
      obj({ a: { type: "string", enum: ["x"] } }),
      obj({ a: { type: "string", enum: ["x", "y"] } }),
      "minor",
    ],
    // From a hostile review: an enum put on a field narrows what the caller may send.
    ["an enum put on a field", obj({ a: s }), obj({ a: { type: "string", enum: ["x"] } }), "major"],
    [
      "an enum taken off a field",
      obj({ a: { type: "string", enum: ["x"] } }),
      obj({ a: s }),
      "minor",
    ],
    [
      "an enum value changed",
      obj({ a: { type: "string", enum: ["x", "y"] } }),
      obj({ a: { type: "string", enum: ["x", "z"] } }),
      "major",
    ],
    // Under a `not`, what the schema lists is what the caller may not send.
    [
      "a value added to a not-enum (one more refused)",
      obj({ a: { type: "string", not: { enum: ["x"] } } }),
      obj({ a: { type: "string", not: { enum: ["x", "y"] } } }),
      "major",
    ],
    [
      "a value taken out of a not-enum (one more taken)",
      obj({ a: { type: "string", not: { enum: ["x", "y"] } } }),
      obj({ a: { type: "string", not: { enum: ["x"] } } }),
      "minor",
    ],
    [
      "a not-enum taken off",
      obj({ a: { type: "string", not: { enum: ["x"] } } }),
      obj({ a: { type: "string" } }),
      "minor",
    ],
    [
      "a not-enum put on",
      obj({ a: { type: "string" } }),
      obj({ a: { type: "string", not: { enum: ["x"] } } }),
      "major",
    ],
    [
      "a not's maxLength tightened (more strings are short enough to refuse)",
      obj({ a: { type: "string", not: { maxLength: 5 } } }),
      obj({ a: { type: "string", not: { maxLength: 3 } } }),
      "minor",
    ],
    [
      "a not inside a not: as written",
      obj({ a: { not: { not: { enum: ["x", "y"] } } } }),
      obj({ a: { not: { not: { enum: ["x"] } } } }),
      "major",
    ],
    // From a second review: a value changed under a not both narrows and widens.
    [
      "a not-enum's value changed",
      obj({ a: { type: "string", not: { enum: ["x", "y"] } } }),
      obj({ a: { type: "string", not: { enum: ["x", "z"] } } }),
      "major",
    ],
    [
      "a not-const changed",
      obj({ a: { type: "string", not: { const: "a" } } }),
      obj({ a: { type: "string", not: { const: "b" } } }),
      "major",
    ],
    [
      "a name taken out of a not's required (more bodies refused)",
      { type: "object", properties: { a: s, b: s }, not: { required: ["a", "b"] } },
      { type: "object", properties: { a: s, b: s }, not: { required: ["a"] } },
      "major",
    ],
    [
      "a name put in a not's required (fewer bodies refused)",
      { type: "object", properties: { a: s, b: s }, not: { required: ["a"] } },
      { type: "object", properties: { a: s, b: s }, not: { required: ["a", "b"] } },
      "minor",
    ],
    [
      "a field named not: its enum as any field's",
      obj({ not: { type: "string", enum: ["x", "y"] } }),
      obj({ not: { type: "string", enum: ["x"] } }),
      "major",
    ],
  ])("%s", (_case, before, after, bump) => {
    const changes = diffSpecs(withBody(before), withBody(after));
    expect(bumpFor(changes), JSON.stringify(changes)).toBe(bump);
  });

  it("a response field named required, made nullable: breaking, described as itself", () => {
    const changes = diffSpecs(
      answering(obj({ required: { type: "boolean" } })),
      answering(obj({ required: { type: "boolean", nullable: true } })),
    );
    expect(bumpFor(changes)).toBe("major");
    for (const c of changes) expect(c.description).not.toMatch(/made (required|optional)/);
  });

  // A name listed in a `required` under a `not` is no field made required, on either side, and
  // api-smart-diff's own rule for it throws (printed to stderr, not ours to show).
  const notBoth = (...names: string[]) => ({ ...obj({ a: s, b: s }), not: { required: names } });
  it.each<[string, (schema: object) => object, Schema, Schema, string]>([
    [
      "request, a name taken out",
      withBody,
      notBoth("a", "b"),
      notBoth("a"),
      "breaking request body: `body` not.required: `b` removed",
    ],
    [
      "request, a name put in",
      withBody,
      notBoth("a"),
      notBoth("a", "b"),
      "additive request body: `body` not.required: `b` added",
    ],
    [
      "response, a name taken out (fewer bodies come)",
      answering,
      notBoth("a", "b"),
      notBoth("a"),
      "additive response 200: `body` not.required: `b` removed",
    ],
    [
      "response, a name put in (a body may carry a)",
      answering,
      notBoth("a"),
      notBoth("a", "b"),
      "breaking response 200: `body` not.required: `b` added",
    ],
    [
      "response, a field made required (as before)",
      answering,
      obj({ a: s }),
      obj({ a: s }, ["a"]),
      "additive response 200: `a` made required",
    ],
    [
      "response, a field made optional (as before)",
      answering,
      obj({ a: s }, ["a"]),
      obj({ a: s }),
      "breaking response 200: `a` made optional",
    ],
  ])("required under a not, %s", (_case, place, before, after, expected) => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const changes = diffSpecs(place(before), place(after));
      expect(changes.map((c) => `${c.kind} ${c.description}`)).toEqual([expected]);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });

  it("a line api-smart-diff prints that is not its rule's error still reaches stderr", () => {
    // The filter holds back one kind of line, not the stream: a change of kind is still shown.
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      diffSpecs(withBody(notBoth("a")), withBody(notBoth("a", "b")));
      console.error("after the comparison");
      expect(printed.mock.calls).toEqual([["after the comparison"]]);
    } finally {
      printed.mockRestore();
    }
  });
});

// Media types, headers and components, as the generated client reads them: it sends and reads
// JSON and the headers it knows, and a component is what its uses make of it.
describe("spec:diff reads media types, headers and components from the client's side", () => {
  const json = (schema: object) => ({ "application/json": { schema } });
  /** A GET answering 200 with these media types and headers, and these schemas. */
  const doc = (content: object, headers: object = {}, schemas: object = {}) =>
    oneOperation(
      "get",
      { responses: { "200": { description: "ok", content, headers } } },
      { schemas },
    );
  const N = { type: "object", properties: { n: { type: "integer" } } };
  const N2 = { type: "object", properties: { n: { type: "string" } } };
  const rate = (type: string) => ({ "X-Rate": { schema: { type } } });
  const csv = { "text/csv": { schema: { type: "string" } } };
  const ref = { $ref: "#/components/schemas/N" };
  /** A tree of `v`s, recursive through its `kids`. */
  const tree = (type: string) => ({
    type: "object",
    properties: {
      kids: { type: "array", items: { $ref: "#/components/schemas/T" } },
      v: { type },
    },
  });
  // [case, before, after, every change as `kind description`]
  it.each<[string, object, object, string[]]>([
    [
      "a response media type added",
      doc(json(N)),
      doc({ ...json(N), ...csv }),
      ["additive response 200 media type `text/csv` added"],
    ],
    [
      "a response media type removed",
      doc({ ...json(N), ...csv }),
      doc(json(N)),
      ["breaking response 200 media type `text/csv` removed"],
    ],
    [
      "a response header added",
      doc(json(N)),
      doc(json(N), rate("integer")),
      ["additive response 200 header `X-Rate` added"],
    ],
    [
      "a response header removed",
      doc(json(N), rate("integer")),
      doc(json(N)),
      ["breaking response 200 header `X-Rate` removed"],
    ],
    [
      "a response header's type changed: the header, not the body",
      doc(json(N), rate("integer")),
      doc(json(N), rate("string")),
      ['breaking response 200 header `X-Rate`: schema.type: "integer" → "string"'],
    ],
    [
      "a referenced schema changed: once, where it is used",
      doc(json(ref), {}, { N }),
      doc(json(ref), {}, { N: N2 }),
      ['breaking response 200: `n` type: "integer" → "string"'],
    ],
    [
      "an unreferenced schema changed: at the component",
      doc(json(N), {}, { N }),
      doc(json(N), {}, { N: N2 }),
      ['breaking components.schemas.N.properties.n.type: "integer" → "string"'],
    ],
    [
      "a recursive schema no operation uses: at the component",
      doc(json(N), {}, { T: tree("integer") }),
      doc(json(N), {}, { T: tree("string") }),
      ['breaking components.schemas.T.properties.v.type: "integer" → "string"'],
    ],
    [
      "a schema used only in part: its other part at the component",
      doc(
        json({ $ref: "#/components/schemas/N/properties/n" }),
        {},
        { N: { ...N, properties: { ...N.properties, z: { type: "integer" } } } },
      ),
      doc(
        json({ $ref: "#/components/schemas/N/properties/n" }),
        {},
        { N: { ...N, properties: { ...N.properties, z: { type: "string" } } } },
      ),
      ['breaking components.schemas.N.properties.z.type: "integer" → "string"'],
    ],
    [
      "a schema used only through another component, used",
      doc(
        json({ $ref: "#/components/schemas/M" }),
        {},
        { M: { type: "object", properties: { m: ref } }, N },
      ),
      doc(
        json({ $ref: "#/components/schemas/M" }),
        {},
        { M: { type: "object", properties: { m: ref } }, N: N2 },
      ),
      ['breaking response 200: `m.n` type: "integer" → "string"'],
    ],
    [
      "a response's first header (no headers before)",
      oneOperation("get", { responses: { "200": { description: "ok", content: json(N) } } }),
      oneOperation("get", {
        responses: { "200": { description: "ok", content: json(N), headers: rate("integer") } },
      }),
      ["additive response 200 headers added"],
    ],
    [
      "a header named security added: a header, not the security keyword",
      doc(json(N), rate("integer")),
      doc(json(N), { ...rate("integer"), security: { schema: { type: "string" } } }),
      ["additive response 200 header `security` added"],
    ],
    [
      "a header named x-keyapi-credits: described as a header",
      doc(json(N), rate("integer")),
      doc(json(N), { ...rate("integer"), "x-keyapi-credits": { schema: { type: "string" } } }),
      ["additive response 200 header `x-keyapi-credits` added"],
    ],
    [
      "a $ref in an example is a value, not a use",
      doc({ "application/json": { schema: N, example: ref } }, {}, { N }),
      doc({ "application/json": { schema: N, example: ref } }, {}, { N: N2 }),
      ['breaking components.schemas.N.properties.n.type: "integer" → "string"'],
    ],
  ])("%s", (_case, before, after, expected) => {
    const changes = diffSpecs(before, after);
    expect(changes.map((c) => `${c.kind} ${c.description}`)).toEqual(expected);
  });

  it("a schema a new operation starts to use, changed: at the component, breaking", () => {
    const before = doc(json(N), {}, { X: { type: "object", properties: { a: {}, b: {} } } });
    const after = doc(json(N), {}, { X: { type: "object", properties: { a: {} } } });
    (after.paths as Record<string, object>)["/y"] = {
      get: {
        responses: {
          "200": { description: "ok", content: json({ $ref: "#/components/schemas/X" }) },
        },
      },
    };
    const changes = diffSpecs(before, after);
    expect(bumpFor(changes), JSON.stringify(changes)).toBe("major");
  });

  it("a schema used only by a webhook: at the component", () => {
    const webhooks = {
      webhooks: {
        ev: {
          post: {
            requestBody: { content: json(ref) },
            responses: { "200": { description: "ok" } },
          },
        },
      },
    };
    const changes = diffSpecs(
      { ...doc(json(N), {}, { N }), openapi: "3.1.0", ...webhooks },
      { ...doc(json(N), {}, { N: N2 }), openapi: "3.1.0", ...webhooks },
    );
    expect(bumpFor(changes), JSON.stringify(changes)).toBe("major");
  });

  it.each<[string, object, object, string]>([
    [
      "a request media type added",
      { "application/json": { schema: N } },
      { "application/json": { schema: N }, ...csv },
      "additive request body media type `text/csv` added",
    ],
    [
      "a request field made required",
      { "application/json": { schema: N } },
      { "application/json": { schema: { ...N, required: ["n"] } } },
      "breaking request body: `n` made required",
    ],
    [
      "a request field retyped",
      { "application/json": { schema: N } },
      { "application/json": { schema: N2 } },
      'breaking request body: `n` type: "integer" → "string"',
    ],
  ])("%s", (_case, before, after, expected) => {
    const post = (content: object) => oneOperation("post", { requestBody: { content } });
    const changes = diffSpecs(post(before), post(after));
    expect(changes.map((c) => `${c.kind} ${c.description}`)).toEqual([expected]);
  });
});

describe("spec:diff reads a $ref and what it points at, written inline, as the same", () => {
  const N = { type: "object", properties: { n: { type: "integer" } } };
  const N2 = { type: "object", properties: { n: { type: "string" } } };
  const to = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  /** A GET answering this schema, with these component schemas. */
  const doc = (schema: object, schemas: object) =>
    oneOperation(
      "get",
      { responses: { "200": { description: "ok", content: { "application/json": { schema } } } } },
      { schemas },
    );
  /** A tree of `v`s, its `kids` given by `kid` (a `$ref` to itself, say). */
  const tree = (kid: object, type = "integer") => ({
    type: "object",
    properties: { kids: { type: "array", items: kid }, v: { type } },
  });
  /** `depth` levels named `prefix0…`, each using the next twice: 2^depth places in all. */
  const fan = (prefix: string, depth: number) =>
    Object.fromEntries(
      Array.from({ length: depth + 1 }, (_, i) => [
        `${prefix}${i}`,
        i === depth
          ? N
          : {
              type: "object",
              properties: { x: to(`${prefix}${i + 1}`), y: to(`${prefix}${i + 1}`) },
            },
      ]),
    );
  const query = (name: string) => ({ name, in: "query", schema: { type: "string" } });
  const withParams = (parameters: object[], components: object) =>
    oneOperation("get", { parameters }, components);
  // [case, before, after, every change as `kind description`]
  it.each<[string, object, object, string[]]>([
    ["a $ref replaced by what it points at", doc(to("N"), { N }), doc(N, { N }), []],
    ["an inline schema replaced by a $ref to the same", doc(N, { N }), doc(to("N"), { N }), []],
    [
      "a $ref replaced by an inline schema that differs: the difference, once",
      doc(to("N"), { N }),
      doc(N2, { N }),
      ['breaking response 200: `n` type: "integer" → "string"'],
    ],
    [
      "a $ref to a component renamed: the components alone",
      doc(to("N"), { N }),
      doc(to("M"), { M: N }),
      ["breaking components.schemas.N removed", "additive components.schemas.M added"],
    ],
    [
      "a recursive schema inlined one level",
      doc(to("T"), { T: tree(to("T")) }),
      doc(tree(to("T")), { T: tree(to("T")) }),
      [],
    ],
    [
      "a recursive schema inlined two levels, the inner one changed: there, once",
      doc(to("T"), { T: tree(to("T")) }),
      doc(tree(tree(to("T"), "string")), { T: tree(to("T")) }),
      ['breaking response 200: `kids[].v` type: "integer" → "string"'],
    ],
    [
      "a recursive schema renamed where it is used",
      doc(to("T"), { T: tree(to("T")), U: tree(to("U")) }),
      doc(to("U"), { T: tree(to("T")), U: tree(to("U")) }),
      [],
    ],
    [
      "a recursive schema renamed to one that differs: the difference, once",
      doc(to("T"), { T: tree(to("T")), U: tree(to("U"), "string") }),
      doc(to("U"), { T: tree(to("T")), U: tree(to("U"), "string") }),
      ['breaking response 200: `v` type: "integer" → "string"'],
    ],
    [
      "a 3.1 $ref with a description beside it, inlined with it",
      { ...doc({ ...to("N"), description: "d" }, { N }), openapi: "3.1.0" },
      { ...doc({ ...N, description: "d" }, { N }), openapi: "3.1.0" },
      [],
    ],
    [
      "a parameter given by $ref, then inline and at another place",
      withParams([query("a"), { $ref: "#/components/parameters/Q" }], {
        parameters: { Q: query("q") },
      }),
      withParams([query("q"), query("a")], { parameters: { Q: query("q") } }),
      [],
    ],
    [
      "components that fan out, renamed level by level",
      doc(to("A0"), fan("A", 6)),
      doc(to("B0"), fan("B", 6)),
      [
        ...Array.from({ length: 7 }, (_, i) => `breaking components.schemas.A${i} removed`),
        ...Array.from({ length: 7 }, (_, i) => `additive components.schemas.B${i} added`),
      ],
    ],
    [
      // 2^24 places: opened whole, api-smart-diff would compare them for days.
      "components that fan out past what is opened: the rest compared as written",
      doc(to("A0"), fan("A", 24)),
      doc(to("B0"), fan("B", 24)),
      [
        ...Array.from({ length: 25 }, (_, i) => `breaking components.schemas.A${i} removed`),
        ...Array.from({ length: 25 }, (_, i) => `additive components.schemas.B${i} added`),
      ],
    ],
  ])("%s", (_case, before, after, expected) => {
    const changes = diffSpecs(before, after);
    expect(changes.map((c) => `${c.kind} ${c.description}`).sort()).toEqual(expected.sort());
  });

  const P = { name: "a", in: "query", schema: { type: "string" } };
  const param = (parameters: object[]) =>
    withParams(parameters, { parameters: { P }, schemas: { N } });
  const post = (schema: object, schemas: object) => ({
    ...oneOperation("post", { requestBody: { content: { "application/json": { schema } } } }),
    openapi: "3.1.0",
    components: { schemas },
  });
  const alternatives = {
    T: tree(to("T")),
    S: { type: "string" },
    // T's alternative as api-smart-diff pairs them is U, not V (which has no `v`).
    V: { type: "object", properties: { kids: { type: "array", items: to("V") }, w: {} } },
    U: tree(to("U2")),
    U2: tree(to("U2"), "string"),
  };
  const cycleWithRule = { T: tree(to("T")), U: tree({ ...to("U"), required: ["v"] }) };
  // From a hostile review: where opening a reference would hide what changed, it is left as
  // written, and the diff reports it. [case, before, after, the change that must be reported]
  it.each<[string, object, object, string]>([
    [
      "3.0: nullable beside a $ref (ignored there), then inline",
      doc({ ...to("N"), nullable: true }, { N }),
      doc({ ...N, nullable: true }, { N }),
      "breaking response 200: `body` nullable added",
    ],
    [
      "a parameter made required beside its $ref",
      param([{ $ref: "#/components/parameters/P", required: true }]),
      param([{ ...P, required: true }]),
      "breaking query parameter `a`: required added",
    ],
    [
      "a recursive schema renamed inside a oneOf, to one that differs deeper down",
      doc({ oneOf: [to("T"), to("S")] }, alternatives),
      doc({ oneOf: [to("V"), to("U")] }, alternatives),
      'breaking response 200: `body` oneOf.0.properties.kids.items.$ref: "#/components/schemas/T" → "#/components/schemas/U2"',
    ],
    [
      "3.1: a recursive schema renamed, a rule beside its $ref where it meets itself",
      post(to("T"), cycleWithRule),
      post(to("U"), cycleWithRule),
      "breaking request body: `kids[]` allOf added",
    ],
    [
      "a $ref to __proto__ (nothing), then a schema",
      doc({ $ref: "#/components/schemas/__proto__" }, { N }),
      doc(N, { N }),
      "breaking response 200: `body` type added",
    ],
    [
      "a $ref in an x- extension is a value",
      { ...doc(N, { N }), paths: { "/x": { get: { "x-foo": to("N"), responses: {} } } } },
      { ...doc(N, { N }), paths: { "/x": { get: { "x-foo": N, responses: {} } } } },
      "additive paths./x.get.x-foo.$ref removed",
    ],
  ])("%s", (_case, before, after, expected) => {
    const changes = diffSpecs(before, after);
    expect(changes.map((c) => `${c.kind} ${c.description}`)).toContain(expected);
  });
});

describe("spec:diff reads a change to an enum where the base has it", () => {
  const s = { type: "string" };
  const e = (...values: string[]) => ({ type: "string", enum: values });
  const field = (a: object) => ({ type: "object", properties: { a } });
  const query = (name: string, schema: object) => ({ name, in: "query", schema });
  const withParams = (parameters: object[], components?: object) =>
    oneOperation("get", { parameters }, components);
  const P = { $ref: "#/components/parameters/P" };
  const bodyRef = (schema: object) =>
    oneOperation(
      "post",
      { requestBody: { $ref: "#/components/requestBodies/B" } },
      { requestBodies: { B: { content: { "application/json": { schema } } } } },
    );
  const allOfRef = (a: object) =>
    oneOperation(
      "post",
      {
        requestBody: {
          content: {
            "application/json": { schema: { allOf: [{ $ref: "#/components/schemas/A" }] } },
          },
        },
      },
      { schemas: { A: field(a) } },
    );
  // From a second hostile review. [case, before, after, the bump]
  it.each<[string, object, object, string]>([
    [
      "a value removed from a parameter that moved (an optional one added before it)",
      withParams([query("sort", e("asc", "desc"))]),
      withParams([query("lang", s), query("sort", e("asc"))]),
      "major",
    ],
    [
      "a value removed from an alternative that moved",
      withBody({ oneOf: [e("x", "y"), { type: "integer" }] }),
      withBody({ oneOf: [{ type: "integer" }, e("x")] }),
      "major",
    ],
    [
      "an enum put on a parameter given by $ref",
      withParams([P], { parameters: { P: query("p", s) } }),
      withParams([P], { parameters: { P: query("p", e("a")) } }),
      "major",
    ],
    [
      "an enum put on a list parameter's items, given by $ref",
      withParams([P], { parameters: { P: query("p", { type: "array", items: s }) } }),
      withParams([P], { parameters: { P: query("p", { type: "array", items: e("a") }) } }),
      "major",
    ],
    [
      "an enum put on a field of a body given by $ref",
      bodyRef(field(s)),
      bodyRef(field(e("a"))),
      "major",
    ],
    [
      "an enum taken off a field of a body given by $ref",
      bodyRef(field(e("a"))),
      bodyRef(field(s)),
      "minor",
    ],
    [
      "an enum put on a field of an allOf member given by $ref",
      allOfRef(s),
      allOfRef(e("a")),
      "major",
    ],
    ["a const put on a field", withBody(field(s)), withBody(field({ ...s, const: "x" })), "major"],
    [
      "a const taken off a field",
      withBody(field({ ...s, const: "x" })),
      withBody(field(s)),
      "minor",
    ],
    // From a fourth review: what a value holds is not read as keywords.
    [
      "a const object's maximum raised",
      withBody(field({ type: "object", const: { maximum: 5 } })),
      withBody(field({ type: "object", const: { maximum: 10 } })),
      "major",
    ],
    [
      "an enum object's description changed",
      withBody(field({ type: "object", enum: [{ description: "a" }] })),
      withBody(field({ type: "object", enum: [{ description: "b" }] })),
      "major",
    ],
    [
      "a response enum object given a key",
      answering(field({ type: "object", enum: [{ a: 1 }] })),
      answering(field({ type: "object", enum: [{ a: 1, b: 2 }] })),
      "major",
    ],
    [
      "a response list value of an enum lengthened",
      answering(field({ type: "array", items: s, enum: [["x"]] })),
      answering(field({ type: "array", items: s, enum: [["x", "y"]] })),
      "major",
    ],
    [
      "a const put on a response field",
      answering(field(s)),
      answering(field({ ...s, const: "x" })),
      "minor",
    ],
    // From a fifth review: a value under docs or an extension is theirs.
    [
      "a default inside an x- extension of the operation",
      {
        ...withBody(field(s)),
        paths: { "/x": { post: { "x-meta": { default: { a: 1 } }, responses: {} } } },
      },
      {
        ...withBody(field(s)),
        paths: { "/x": { post: { "x-meta": { default: { a: 2 } }, responses: {} } } },
      },
      "minor",
    ],
    // A field named like a map of names holds keywords again.
    [
      "a response field named links gains an optional field",
      answering({ type: "object", properties: { links: field(s) } }),
      answering({
        type: "object",
        properties: { links: { ...field(s), properties: { a: s, b: s } } },
      }),
      "minor",
    ],
    [
      "a response field named headers gains an enum value",
      answering({ type: "object", properties: { headers: field(e("x")) } }),
      answering({ type: "object", properties: { headers: field(e("x", "y")) } }),
      "minor",
    ],
    // From a third review: a change inside a value is the value changed.
    [
      "a list value of an enum on a list parameter, shortened",
      withParams([query("cols", { type: "array", items: s, enum: [["id", "name"]] })]),
      withParams([query("cols", { type: "array", items: s, enum: [["id"]] })]),
      "major",
    ],
    [
      "an object value of an enum on a field, a key dropped",
      withBody(field({ type: "object", enum: [{ a: 1, b: 2 }] })),
      withBody(field({ type: "object", enum: [{ a: 1 }] })),
      "major",
    ],
    [
      "an object value of an enum on a field, a key added",
      withBody(field({ type: "object", enum: [{ a: 1 }] })),
      withBody(field({ type: "object", enum: [{ a: 1, b: 2 }] })),
      "major",
    ],
  ])("%s", (_case, before, after, bump) => {
    const changes = diffSpecs(before, after);
    expect(bumpFor(changes), JSON.stringify(changes)).toBe(bump);
  });
});
