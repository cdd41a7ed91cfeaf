import type { Json } from "../codegen/openapi-model.js";

/** No value: nothing says what a valid one is. */
export const NONE = Symbol("none");
export type Found = unknown | typeof NONE;

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Of a type list (`["null", "integer"]`), the type a sample is worth sending as. */
export const sampleType = (schema: Json) =>
  [schema.type].flat().find((t) => t !== "null") as string | undefined;

/** A number's rules: bounds in either dialect (3.0's flags, 3.1's numbers) and a step. */
function numberRules(schema: Json) {
  const [min, max, step] = [num(schema.minimum), num(schema.maximum), num(schema.multipleOf)];
  return {
    min,
    max,
    step: step && step > 0 ? step : undefined,
    above: schema.exclusiveMinimum === true ? min : num(schema.exclusiveMinimum),
    below: schema.exclusiveMaximum === true ? max : num(schema.exclusiveMaximum),
  };
}

/**
 * Whether a value found for a parameter (an example, a default, an id in a response example)
 * is one its schema takes: its `const`, one of its enum, of its type, within a number's bounds
 * and step, a text's lengths and pattern. A value the schema refuses is no sample: the contract
 * check would spend a credit on a 400.
 */
export function takes(schema: Json, value: unknown): boolean {
  if ("const" in schema) return value === schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length && !schema.enum.includes(value))
    return false;
  const type = sampleType(schema);
  if (type === "integer" || type === "number") {
    if (typeof value !== "number" || !Number.isFinite(value)) return false;
    const { min, max, step, above, below } = numberRules(schema);
    return (
      (type === "number" || Number.isInteger(value)) &&
      (min === undefined || value >= min) &&
      (above === undefined || value > above) &&
      (max === undefined || value <= max) &&
      (below === undefined || value < below) &&
      (step === undefined || Number.isInteger(value / step))
    );
  }
  if (type === "boolean") return typeof value === "boolean";
  if (type !== "string") return true;
  if (typeof value !== "string") return false;
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) return false;
  if (typeof schema.maxLength === "number" && length > schema.maxLength) return false;
  if (typeof schema.pattern !== "string") return true;
  try {
    return new RegExp(schema.pattern, "u").test(value);
  } catch {
    return false;
  }
}

/**
 * The lowest number from 1 up that the schema's bounds and `multipleOf` allow, else one under a
 * maximum below 1; NONE when that value breaks a rule after all (a step no integer meets, bounds
 * that leave nothing).
 */
export function lowestNumber(schema: Json): Found {
  const integer = sampleType(schema) === "integer";
  const { min, max, step, above, below } = numberRules(schema);
  let value = Math.max(min ?? 1, 1);
  if (above !== undefined && value <= above) value = integer ? Math.floor(above) + 1 : above + 1;
  if (step) value = Math.ceil(value / step) * step;
  if (max !== undefined && value > max) value = max;
  if (below !== undefined && value >= below) value = integer ? Math.ceil(below) - 1 : below - 1;
  return takes(schema, value) ? value : NONE;
}
