import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { inline } from "../codegen/inline-refs.js";
import type { Json } from "../codegen/openapi-model.js";
import { toJsonSchema } from "../codegen/schema-dialect.js";

/** No value: nothing says what a valid one is. */
export const NONE = Symbol("none");
export type Found = unknown | typeof NONE;

/** Whether `value` is one the schema takes. */
export type Takes = (value: unknown) => boolean;

/**
 * How a document's schemas judge a sample value: as the generated validators judge a response
 * (Ajv in the document's dialect, local `$ref`s inlined, formats not checked), so every rule
 * counts (`allOf`, `oneOf`, `not`, items, an object's required names) and none is written twice.
 * A schema Ajv cannot take, or too deep to read, takes nothing: the operation is then listed as
 * unusable rather than sent a value its schema may refuse (the vendor's 400 would read as a
 * contract failure that is ours).
 */
export function sampleChecker(doc: Json): (schema: unknown) => Takes {
  const openapi30 = String(doc.openapi ?? "").startsWith("3.0");
  const options = { strict: false, validateSchema: false, validateFormats: false, logger: false };
  const ajv = openapi30 ? new Ajv(options as object) : new Ajv2020(options as object);
  const compiled = new Map<string, ValidateFunction | undefined>();
  return (schema) => {
    let check: ValidateFunction | undefined;
    try {
      const text = JSON.stringify(
        toJsonSchema(
          inline(doc, schema ?? {}, () => {}),
          openapi30,
        ),
      );
      if (!compiled.has(text)) compiled.set(text, ajv.compile(JSON.parse(text) as object));
      check = compiled.get(text);
    } catch {
      check = undefined; // a pattern this runtime cannot read, nesting past the stack
    }
    return (value) => check?.(value) === true;
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
