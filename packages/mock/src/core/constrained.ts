import randexp from "randexp";
import { hash } from "./random.js";

// randexp's types declare an ES default export, but its CommonJS entry is the class itself
// (`module.exports = RandExp`): what an import's default is under Node and bundlers.
type RandExpClass = typeof randexp.default;
const RandExp: RandExpClass =
  (randexp as unknown as { default?: RandExpClass }).default ??
  (randexp as unknown as RandExpClass);

/** What a scalar schema may demand of its value beyond its type and enum. */
export interface Scalar {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  /** OpenAPI 3.0 writes a flag beside `minimum`; 3.1 (JSON Schema) the bound itself. */
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

const HOUR = 3_600_000;
const NEWEST = Date.UTC(2026, 9, 1); // fixed, so output never depends on the clock

/** A hex digit string of `n` digits from a hash of `parts`, for ids and uuids. */
const hex = (n: number, ...parts: (string | number)[]) =>
  Array.from({ length: n }, (_, k) => (hash(...parts, k) % 16).toString(16)).join("");

/**
 * Each format a response is likely to carry: a value for it (`n` varies it from item to item),
 * valid as ajv-formats reads it, and the shape a value already made must have to be kept.
 * Formats not listed are taken as annotations (the generated validators check none).
 */
const FORMATS: Record<string, { make: (n: number) => string; shape: RegExp }> = {
  "date-time": {
    make: (n) => new Date(NEWEST - n * HOUR).toISOString(),
    shape: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
  },
  date: {
    make: (n) => new Date(NEWEST - n * 24 * HOUR).toISOString().slice(0, 10),
    shape: /^\d{4}-\d\d-\d\d$/,
  },
  time: { make: (n) => `${String(n % 24).padStart(2, "0")}:00:00Z`, shape: /^\d\d:\d\d:\d\dZ$/ },
  email: { make: (n) => `user${n}@example.com`, shape: /^[\w.+-]+@[a-z\d-]+(\.[a-z\d-]+)+$/i },
  uri: { make: (n) => `https://example.com/item/${n}`, shape: /^https?:\/\/[\w.-]+\/[\w/.-]*$/ },
  url: { make: (n) => `https://example.com/item/${n}`, shape: /^https?:\/\/[\w.-]+\/[\w/.-]*$/ },
  "uri-reference": { make: (n) => `/item/${n}`, shape: /^\/[\w/.-]*$/ },
  hostname: { make: (n) => `host${n}.example.com`, shape: /^[a-z\d-]+(\.[a-z\d-]+)*$/i },
  ipv4: { make: (n) => `192.0.2.${n % 256}`, shape: /^192\.0\.2\.\d{1,3}$/ },
  ipv6: {
    make: (n) => `2001:db8::${(n % 65_536).toString(16)}`,
    shape: /^2001:db8::[\da-f]{1,4}$/,
  },
  uuid: {
    make: (n) =>
      `${hex(8, n)}-${hex(4, n, "b")}-4${hex(3, n, "c")}-8${hex(3, n, "d")}-${hex(12, n)}`,
    shape: /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i,
  },
  byte: {
    make: (n) => btoa(`item-${n}`),
    shape: /^(?:[A-Za-z\d+/]{4})*(?:[A-Za-z\d+/]{2}==|[A-Za-z\d+/]{3}=)?$/,
  },
};
const formatOf = (s: Scalar) =>
  s.format !== undefined && Object.hasOwn(FORMATS, s.format) ? FORMATS[s.format]! : undefined;

/** Length as JSON Schema counts it: in code points (an emoji is one). */
const lengthOf = (text: string) => [...text].length;

const typeOf = (s: Scalar) => [s.type].flat()[0];

/** The regex of a `pattern`, compiled once per pattern (the mock makes thousands of values). */
const compiled = new Map<string, RegExp | null>();
function regexOf(pattern: string): RegExp | null {
  if (!compiled.has(pattern)) {
    let regex: RegExp | null = null;
    try {
      regex = new RegExp(pattern, "u");
    } catch {
      // Not a pattern this runtime reads: nothing can be held to it.
    }
    compiled.set(pattern, regex);
  }
  return compiled.get(pattern)!;
}

/** The bounds a number must keep, as inclusive/exclusive pairs in either OpenAPI dialect. */
function bounds(s: Scalar) {
  const low =
    typeof s.exclusiveMinimum === "number"
      ? { at: s.exclusiveMinimum, open: true }
      : s.minimum !== undefined
        ? { at: s.minimum, open: s.exclusiveMinimum === true }
        : undefined;
  const high =
    typeof s.exclusiveMaximum === "number"
      ? { at: s.exclusiveMaximum, open: true }
      : s.maximum !== undefined
        ? { at: s.maximum, open: s.exclusiveMaximum === true }
        : undefined;
  return { low, high };
}

/**
 * Whether `value` is of the scalar schema's type (a number for `integer`/`number`, a text for
 * `string`) and meets what it demands beyond: bounds, `multipleOf`, lengths, `pattern` and a
 * known `format`.
 */
export function fits(schema: Scalar, value: unknown): boolean {
  const kind = typeOf(schema);
  if ((kind === "integer" || kind === "number") && typeof value !== "number") return false;
  if (kind === "string" && typeof value !== "string") return false;
  if (typeof value === "number") {
    const { low, high } = bounds(schema);
    if (low && (low.open ? value <= low.at : value < low.at)) return false;
    if (high && (high.open ? value >= high.at : value > high.at)) return false;
    if (schema.multipleOf && !Number.isInteger(value / schema.multipleOf)) return false;
    return kind !== "integer" || Number.isInteger(value);
  }
  if (typeof value !== "string") return false;
  const length = lengthOf(value);
  if (schema.minLength !== undefined && length < schema.minLength) return false;
  if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  if (schema.pattern !== undefined && !regexOf(schema.pattern)?.test(value)) return false;
  // A value kept for a known format has the shape of one made for it (a validator's shape).
  return formatOf(schema)?.shape.test(value) ?? true;
}

/**
 * A value the scalar schema accepts: `candidate` (what the mock made from a hint, a name or the
 * type) when it fits, else one made for the schema from `at` (the same `at`, the same value).
 * Returns the candidate when nothing can be made to fit (a pattern this runtime cannot read, or
 * one randexp cannot follow, such as `\p{L}`).
 */
export function constrained(schema: Scalar, candidate: unknown, at: (string | number)[]): unknown {
  if (fits(schema, candidate)) return candidate;
  const kind = typeOf(schema);
  if (kind === "integer" || kind === "number") return numberFor(schema, kind === "integer", at);
  if (kind !== "string") return candidate;
  const n = hash(...at, "n") % 1000;
  const made = [
    formatOf(schema)?.make(n),
    ...fromPattern(schema, at),
    typeof candidate === "string" ? toLength(schema, candidate) : undefined,
  ];
  return made.find((v) => v !== undefined && fits(schema, v)) ?? candidate;
}

/** Up to eight strings the schema's `pattern` matches, each a seeded walk of randexp. */
function* fromPattern(schema: Scalar, at: (string | number)[]): Generator<string> {
  const regex = schema.pattern === undefined ? null : regexOf(schema.pattern);
  if (!regex) return;
  let walker: InstanceType<RandExpClass>;
  try {
    walker = new RandExp(regex);
  } catch {
    return;
  }
  // Repetitions kept short so that a maxLength can be met; never past it.
  walker.max = Math.max(1, Math.min(8, schema.maxLength ?? 8));
  let step = 0;
  walker.randInt = (a: number, b: number) => a + (hash(...at, "rx", step++) % (b - a + 1));
  for (let tries = 0; tries < 8; tries++) yield walker.gen();
}

/** A text cut or padded to the schema's lengths. */
function toLength(schema: Scalar, text: string): string {
  const chars = [...text].slice(0, schema.maxLength ?? Infinity);
  while (chars.length < (schema.minLength ?? 0)) chars.push("x");
  return chars.join("");
}

/** A number inside the schema's bounds, a multiple of its `multipleOf`, varied by `at`. */
function numberFor(schema: Scalar, integer: boolean, at: (string | number)[]): number {
  const { low, high } = bounds(schema);
  const lo = low?.at ?? Math.min(0, (high?.at ?? 0) - 1000);
  const hi = high?.at ?? lo + 1000;
  let step = schema.multipleOf ?? (integer ? 1 : undefined);
  if (step === undefined) {
    // Strictly inside: clear of an exclusive bound either side.
    const u = 0.1 + 0.8 * (hash(...at, "u") / 4_294_967_296);
    const value = lo + Math.round((hi - lo) * u * 100) / 100;
    return fits(schema, value) ? value : (lo + hi) / 2;
  }
  if (integer && !Number.isInteger(step)) step = wholeMultiple(step);
  let first = Math.ceil(lo / step);
  if (low?.open && first * step <= lo) first++;
  let last = Math.floor(hi / step);
  if (high?.open && last * step >= hi) last--;
  // No multiple in range: the schema admits no value, and this one is as near as any.
  if (last < first) return first * step;
  return (first + (hash(...at, "k") % (last - first + 1))) * step;
}

/** The least whole multiple of `step` (an integer multiple of 0.4 is a multiple of 2). */
function wholeMultiple(step: number): number {
  for (let j = 2; j <= 1000; j++) if (Number.isInteger(step * j)) return step * j;
  return Math.ceil(step);
}
