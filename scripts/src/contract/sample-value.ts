import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Json } from "../codegen/openapi-model.js";
import { toJsonSchema } from "../codegen/schema-dialect.js";
import { isDataKey, NAMES } from "../docs-site/document-shape.js";

/** No value: nothing says what a valid one is. */
export const NONE = Symbol("none");
export type Found = unknown | typeof NONE;

/** Whether `value` is one the schema takes. */
export type Takes = (value: unknown) => boolean;

/** The id the document is added under, for a schema's `$ref`s to reach. */
const DOC = "keyapi-sample:doc";

/**
 * A schema's local `$ref`s pointed into the added document; data (examples, enums) left as is,
 * but not a property so named. A `oneOf` with a `discriminator` is read as an object that is
 * one of its alternatives: the tag picks one, so alternatives that look alike are no error (Ajv's
 * own `discriminator` refuses a `mapping` or untagged alternatives, and let non-objects through).
 */
function rebased(schema: unknown, key = "", parentKey?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebased(s, key, parentKey));
  if (!schema || typeof schema !== "object") return schema;
  const out = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" && v.startsWith("#/")
        ? DOC + v
        : isDataKey(k, v, { key, parentKey })
          ? v
          : rebased(v, k, key),
    ]),
  ) as Json;
  if (out.discriminator && Array.isArray(out.oneOf) && !NAMES.has(key)) {
    out.anyOf = out.oneOf;
    delete out.oneOf;
    out.type ??= "object";
  }
  return out;
}

/**
 * How a document's schemas judge a sample value, as a validator would: Ajv in the document's
 * dialect (3.0 rewritten as draft-07 by the generator's `toJsonSchema`, 3.1 as 2020-12), so every
 * rule counts (`allOf`, `oneOf` with its `discriminator`, `not`, items, an object's required
 * names) and none is written twice here. `$ref`s reach the document through Ajv, which follows a
 * recursive or much-shared schema itself (inlining every path through 30 components that use
 * each other ran the heap out). Formats are not checked, as in the generated validators. A
 * schema Ajv cannot compile (a pattern its `u` flag refuses, Swagger's `required: true`,
 * an `$id` inside) gives undefined: it cannot say, and the caller takes the spec's own values.
 */
export function sampleChecker(doc: Json): (schema: unknown) => Takes | undefined {
  const openapi30 = String(doc.openapi ?? "").startsWith("3.0");
  const options = {
    strict: false,
    validateSchema: false,
    validateFormats: false,
    logger: false as const,
  };
  const ajv = openapi30 ? new Ajv(options) : new Ajv2020(options);
  const { $id: _, $schema: __, ...whole } = rebased(toJsonSchema(doc, openapi30)) as Json;
  ajv.addSchema({ ...whole, $id: DOC });
  const compiled = new Map<string, ValidateFunction | undefined>();
  const compile = (schema: object) => {
    try {
      return ajv.compile(schema);
    } catch {
      return undefined;
    }
  };
  return (schema) => {
    let text: string;
    try {
      text = JSON.stringify(toJsonSchema(rebased(schema ?? {}), openapi30));
      if (!compiled.has(text)) compiled.set(text, compile(JSON.parse(text) as object));
    } catch {
      return undefined; // nested past the stack
    }
    const check = compiled.get(text);
    if (!check) return undefined;
    return (value) => {
      try {
        return check(value) === true;
      } catch {
        return false; // a value nested past the stack
      }
    };
  };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Of a type list (`["null", "integer"]`), the type a sample is worth sending as. */
export const sampleType = (schema: Json) =>
  [schema.type].flat().find((t) => t !== "null") as string | undefined;

/**
 * A candidate for a number: the lowest from 1 up that the schema's bounds (3.0's exclusive flags
 * or 3.1's exclusive numbers) and `multipleOf` allow, else one under a maximum below 1. The
 * caller checks it against the whole schema.
 */
export function lowestNumber(schema: Json): number {
  const integer = sampleType(schema) === "integer";
  const [min, max, step] = [num(schema.minimum), num(schema.maximum), num(schema.multipleOf)];
  const above = schema.exclusiveMinimum === true ? min : num(schema.exclusiveMinimum);
  const below = schema.exclusiveMaximum === true ? max : num(schema.exclusiveMaximum);
  let value = Math.max(min ?? 1, 1);
  if (above !== undefined && value <= above) value = integer ? Math.floor(above) + 1 : above + 1;
  if (step && step > 0) value = Math.ceil(value / step) * step;
  if (max !== undefined && value > max) value = max;
  if (below !== undefined && value >= below) value = integer ? Math.ceil(below) - 1 : below - 1;
  return value;
}
