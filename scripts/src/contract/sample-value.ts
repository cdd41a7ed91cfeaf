import type { ValidateFunction } from "ajv";
import { documentAjv } from "../codegen/document-ajv.js";
import type { Json } from "../codegen/openapi-model.js";

/** No value: nothing says what a valid one is. */
export const NONE = Symbol("none");
export type Found = unknown | typeof NONE;

/** Whether `value` is one the schema takes. */
export type Takes = (value: unknown) => boolean;

/**
 * How a document's schemas judge a sample value, as a validator would: Ajv in the document's
 * dialect (3.0 rewritten as draft-07 by the generator's `toJsonSchema`, 3.1 as 2020-12), so every
 * rule counts (`allOf`, `oneOf` (a `discriminator` changes nothing), `not`, items, an object's required
 * names) and none is written twice here. `$ref`s reach the document through Ajv, which follows a
 * recursive or much-shared schema itself (inlining every path through 30 components that use
 * each other ran the heap out). Formats are not checked, as in the generated validators. A
 * schema Ajv cannot compile (a pattern its `u` flag refuses, Swagger's `required: true`,
 * an `$id` inside) gives undefined: it cannot say, and the caller takes the spec's own values.
 */
export function sampleChecker(doc: Json): (schema: unknown) => Takes | undefined {
  const { ajv, prepare } = documentAjv(doc);
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
      text = JSON.stringify(prepare(schema));
      if (!compiled.has(text)) compiled.set(text, compile(JSON.parse(text) as object));
    } catch {
      return undefined; // one Ajv cannot check (a $ref loop, nested past the stack)
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
