import { writeFile } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { generate } from "../src/codegen/generate.js";
import type { Json } from "../src/codegen/openapi-model.js";
import { tempDir, typecheckDir } from "./helpers.js";

// The vendor's strings reach the generated files: descriptions as comments, enum values and field
// names as string literals, patterns in the validators. Invisible characters among them (a
// terminal's escape, a bidi override that reorders what a reviewer reads, a line separator that
// ends a `//` comment) are written as `\u` escapes, and every value stays the same value.

const ESC = "\u001b[31m";
const RLO = "\u202e";
const values = {
  enum: [
    `v${RLO}1`,
    "b\u0007x",
    "l\u2028s",
    "c\u0085d",
    `i\u2066j`,
    "z\u200bw",
    "m\u200e",
    "\ufeffo",
  ],
  name: `na${RLO}me`,
  pattern: `^x${RLO}y$`,
};
const spec = {
  openapi: "3.0.3",
  info: { title: `t${ESC}`, version: "1" },
  paths: {
    "/v1/tiktok/a": {
      get: {
        summary: `sum${ESC}red${RLO}evil\u2028line\r\nend`,
        responses: {
          200: {
            description: "ok\u0007",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["p"],
                  properties: {
                    [values.name]: { type: "string", enum: values.enum },
                    p: { type: "string", pattern: values.pattern, example: `ex${RLO}` },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

const files = await generate({
  spec,
  specName: "spec/hostile.json",
  specSha256: "0".repeat(64),
  overlayFiles: [],
  overlaySha256: null,
  pathPrefix: "/v1/tiktok/",
  runtimeExtras: true,
});

/** Every string literal in a TypeScript file, as the parser reads it. */
function stringLiterals(source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("x.ts", source, ts.ScriptTarget.ES2022, true));
  return found;
}

describe("generated files hold no invisible character as it is", () => {
  it.each([...files.keys()])("%s: none left, and it still parses", (name) => {
    const text = files.get(name)!;
    expect(text).not.toMatch(UNSAFE);
    if (name.endsWith(".json")) return;
    const { diagnostics } = ts.transpileModule(text, { reportDiagnostics: true });
    expect(diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual(
      [],
    );
  });

  it("the descriptions read as escapes in the comments", () => {
    expect(files.get("schema.ts")).toContain("sum\\u001b[31mred\\u202eevil");
    expect(files.get("schema.ts")).toContain("ex\\u202e");
  });

  it("the enum values and the field's name are the same strings to the compiler", () => {
    const literals = stringLiterals(files.get("schema.ts")!);
    for (const value of [...values.enum, values.name]) expect(literals).toContain(value);
  });

  it("the effective spec is the same document", () => {
    expect(JSON.parse(files.get("effective-spec.json")!)).toEqual(spec);
  });

  it("the validator checks the same enum and pattern", async () => {
    const js = ts.transpileModule(files.get("validators.ts")!, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const { responseValidators } = await import(
      `data:text/javascript;base64,${Buffer.from(js).toString("base64")}`
    );
    const validate = responseValidators["GET /v1/tiktok/a 200"] as (v: unknown) => boolean;
    // [body, valid]
    const cases: [object, boolean][] = [
      [{ p: `x${RLO}y` }, true],
      ...values.enum.map((v): [object, boolean] => [{ p: `x${RLO}y`, [values.name]: v }, true]),
      [{ p: "xy" }, false],
      [{ p: `x${RLO}y`, [values.name]: "v1" }, false],
      [{ p: `x${RLO}y`, name: values.enum[0] }, true],
    ];
    expect(cases.map(([body]) => validate(body))).toEqual(cases.map(([, ok]) => ok));
  });
});

/** A one-operation spec whose GET takes one query parameter of this schema, named `name`. */
const withParam = (operation: object, name = "q", schema: object = { type: "string" }) => ({
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/v1/tiktok/a": {
      get: {
        ...operation,
        // The vendor's page pair beside it: the walk `x-pagination` states sends them.
        parameters: [
          { name, in: "query", schema },
          { name: "page_num", in: "query", schema: { type: "integer" } },
          { name: "page_size", in: "query", schema: { type: "integer" } },
        ],
        "x-pagination": { itemsPath: "data" },
        responses: {
          200: {
            description: "ok",
            content: {
              "application/json": {
                schema: { type: "object", properties: { data: { type: "array", items: {} } } },
              },
            },
          },
        },
      },
    },
  },
});

const generateFrom = (doc: Json, specName = "spec/x.json") =>
  generate({
    spec: doc,
    specName,
    specSha256: "0".repeat(64),
    overlayFiles: [],
    overlaySha256: null,
    pathPrefix: "/v1/tiktok/",
  });

describe("the spec's names and values never become code", () => {
  // [extension, value, refused]
  it.each<[string, unknown, boolean]>([
    ["x-sdk-name", "X = 1; export const pwned = globalThis.process?.exit?.(7); type Y", true],
    ["x-sdk-name", "string", true],
    ["x-sdk-name", "", true],
    ["x-sdk-name", 42, true],
    ["x-sdk-name", "Two words", true],
    ["x-sdk-name", "Reviews_v2$", false],
    ["x-sdk-item-name", "Item = 1; export const pwned = 1; type Z", true],
    ["x-sdk-item-name", "default", true],
    ["x-sdk-item-name", "Review", false],
    ["x-sdk-item-name", "NonNullable", true],
    ["x-sdk-item-name", "Record", true],
  ])("%s %j: refused %s", async (extension, value, refused) => {
    const made = generateFrom(withParam({ [extension]: value }));
    if (!refused) {
      const alias = extension === "x-sdk-name" ? `${value as string}Response` : value;
      expect((await made).get("aliases.ts")).toContain(`export type ${alias as string} =`);
      return;
    }
    await expect(made).rejects.toThrow(
      new RegExp(`^GET /v1/tiktok/a: ${extension} must be a TypeScript type name`),
    );
  });

  // [case, the operation's names, the files both exporting it]
  it.each<[string, object, string]>([
    [
      "an item named like the table's types",
      { "x-sdk-item-name": "ParamSpec" },
      "aliases.ts and operations.ts",
    ],
    [
      "an item named like the schema's paths",
      { "x-sdk-item-name": "paths" },
      "schema.ts and aliases.ts",
    ],
    [
      "an item named like the operation's query",
      { "x-sdk-name": "Foo", "x-sdk-item-name": "FooQuery" },
      "aliases.ts",
    ],
  ])("%s: refused, naming it", async (_case, names, files) => {
    const name = (names as Record<string, string>)["x-sdk-item-name"];
    await expect(generateFrom(withParam(names))).rejects.toThrow(
      `the generated type \`${name}\` is exported twice (${files})`,
    );
  });

  it("a parameter's name and enum value that look like a check's reference stay strings", async () => {
    const marker = "\u0000c0";
    const files = await generateFrom(withParam({}, marker, { type: "string", enum: [marker] }));
    const js = ts.transpileModule(files.get("operations.ts")!, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const { operationTable } = await import(
      `data:text/javascript;base64,${Buffer.from(js).toString("base64")}`
    );
    const [param] = operationTable["/v1/tiktok/a"].get.params;
    expect(param).toMatchObject({ name: marker, schema: { enum: [marker] } });
    expect(typeof param.check).toBe("function");
  });

  it("a spec's file name with a line feed stays inside the header's comment", async () => {
    const files = await generateFrom(withParam({}), "spec/x.json\nexport const pwned = 1;");
    for (const [name, text] of files) {
      const [a, b, c, blank] = text.split("\n");
      expect(
        [a, b, c].every((line) => line!.startsWith("// ")),
        name,
      ).toBe(true);
      expect(blank, name).toBe("");
      expect(b, name).toContain("x.json\\u000aexport const pwned");
    }
  });
});

it("a dotted itemsPath types the item of the nested list", { timeout: 60_000 }, async () => {
  const doc = withParam({});
  const get = (doc.paths as Json)["/v1/tiktok/a"] as Json;
  const op = get.get as Json;
  op["x-pagination"] = { itemsPath: "data.list" };
  const item = { type: "object", required: ["id"], properties: { id: { type: "string" } } };
  (op.responses as Json)[200] = {
    description: "ok",
    content: {
      "application/json": {
        schema: {
          type: "object",
          properties: {
            data: { type: "object", properties: { list: { type: "array", items: item } } },
          },
        },
      },
    },
  };
  const dir = await tempDir("dotted-items");
  for (const [name, text] of await generateFrom(doc)) await writeFile(path.join(dir, name), text);
  await writeFile(
    path.join(dir, "use.ts"),
    'import type { AItem } from "./aliases.js";\n' +
      'export const ok: AItem = { id: "x" };\n' +
      "// @ts-expect-error: the item's id is a string\n" +
      "export const bad: AItem = { id: 1 };\n",
  );
  expect(await typecheckDir(dir, ["*.ts"])).toBe("");
});
