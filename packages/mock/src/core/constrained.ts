import randexp from "randexp";
import { formatOf } from "./formats.js";
import { kindOf } from "./kind.js";
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

/** Length as JSON Schema counts it: in code points (an emoji is one). */
const lengthOf = (text: string) => [...text].length;

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

/**
 * A number's formats as ajv-formats reads them: a whole number, `int32` in its range (a time in
 * milliseconds is none). They bound what fits, not the span values are made from (an `int32`
 * with `maximum: 100` got -1.05e9).
 */
const WHOLE_FORMATS = new Map([
  ["int32", [-(2 ** 31), 2 ** 31 - 1]],
  ["int64", [-Infinity, Infinity]],
]);
const wholeFormat = (s: Scalar) => WHOLE_FORMATS.get(s.format ?? "");

/** The bounds a number must keep, as inclusive/exclusive pairs in either OpenAPI dialect. */
function bounds(s: Scalar) {
  type Bound = { at: number; open: boolean };
  // 3.1 may state both `minimum` and a numeric `exclusiveMinimum`: the tighter one holds.
  const tighter = (a: Bound | undefined, b: Bound | undefined, low: boolean) =>
    !a || !b
      ? (a ?? b)
      : a.at === b.at
        ? { at: a.at, open: a.open || b.open }
        : low === a.at > b.at
          ? a
          : b;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const bound = (at: number | undefined, open: boolean) =>
    at === undefined ? undefined : { at, open };
  const low = tighter(
    bound(num(s.minimum), s.exclusiveMinimum === true),
    bound(num(s.exclusiveMinimum), true),
    true,
  );
  const high = tighter(
    bound(num(s.maximum), s.exclusiveMaximum === true),
    bound(num(s.exclusiveMaximum), true),
    false,
  );
  return { low, high };
}

/**
 * Whether `value` is of the scalar schema's type (a number for `integer`/`number`, a text for
 * `string`, a boolean, null) and meets what it demands beyond: bounds, `multipleOf`, lengths, `pattern` and a
 * known `format`.
 */
export function fits(schema: Scalar, value: unknown): boolean {
  const kind = kindOf(schema);
  if (kind === "boolean") return typeof value === "boolean";
  if (kind === "null") return value === null;
  if ((kind === "integer" || kind === "number") && typeof value !== "number") return false;
  if (kind === "string" && typeof value !== "string") return false;
  if (typeof value === "number") {
    const { low, high } = bounds(schema);
    if (low && (low.open ? value <= low.at : value < low.at)) return false;
    if (high && (high.open ? value >= high.at : value > high.at)) return false;
    // As Ajv checks it (its quotient a whole number), so a value kept here passes there.
    const step = stepOf(schema);
    if (step && !Number.isInteger(value / step)) return false;
    const [least, most] = wholeFormat(schema) ?? [];
    if (least !== undefined && !(Number.isInteger(value) && value >= least && value <= most!))
      return false;
    return kind !== "integer" || Number.isInteger(value);
  }
  if (typeof value !== "string") return false;
  const length = lengthOf(value);
  if (schema.minLength !== undefined && length < schema.minLength) return false;
  if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  if (schema.pattern !== undefined && !regexOf(schema.pattern)?.test(value)) return false;
  // A value kept for a known format has it, as a validator with formats reads it.
  return formatOf(schema)?.has(value) ?? true;
}

/**
 * A value the scalar schema accepts: `candidate` (what the mock made from a hint, a name or the
 * type) when it fits, else one made for the schema from `at` (the same `at`, the same value).
 * Returns the candidate when nothing can be made to fit (a pattern this runtime cannot read, or
 * one randexp cannot follow, such as `\p{L}`).
 */
export function constrained(schema: Scalar, candidate: unknown, at: (string | number)[]): unknown {
  if (fits(schema, candidate)) return candidate;
  const kind = kindOf(schema);
  if (kind === "integer" || kind === "number")
    return numberFor(schema, kind === "integer" || !!wholeFormat(schema), at);
  // A name that suggested a time or an id (`is_time`) made one for a flag, or for only null.
  if (kind === "boolean") return hash(...at, "flag") % 2 === 0;
  if (kind === "null") return null;
  if (kind !== "string") return candidate;
  // A hint or a name that made a number for a field typed as text (`rating` on a string): its text.
  const text =
    typeof candidate === "string" ? candidate : candidate == null ? "" : String(candidate);
  if (fits(schema, text)) return text;
  for (const made of madeFor(schema, text, at)) if (fits(schema, made)) return made;
  return text;
}

/** Texts for a string schema, in order: its format's, its pattern's, the candidate to length. */
function* madeFor(schema: Scalar, candidate: unknown, at: (string | number)[]): Generator<string> {
  const format = formatOf(schema);
  if (format) yield format.make(hash(...at, "n") % 1000);
  for (const text of fromPattern(schema, at)) {
    yield text;
    // A pattern anchored only at its start (`^https://`) takes padding to a minLength.
    if ((schema.minLength ?? 0) <= MAX_MADE) yield toLength(schema, text, at);
  }
  // A length past this is no text a response carries: not made (a value of 1e9 characters ran
  // the process out of memory).
  if (typeof candidate === "string" && (schema.minLength ?? 0) <= MAX_MADE)
    yield toLength(schema, candidate, at);
}

/** The longest text made for a `minLength`, and the largest count a `pattern` may repeat. */
const MAX_MADE = 10_000;

/** Strings the schema's `pattern` matches: seeded walks of randexp, its shortest and longest. */
function* fromPattern(schema: Scalar, at: (string | number)[]): Generator<string> {
  const regex = schema.pattern === undefined ? null : regexOf(schema.pattern);
  // A text no response carries is not walked: `a{10000000}` overflowed randexp's stack,
  // `[a-z]{0,10000000}` took 70 s a value, `((a{999}){999}){999}` ran the heap out.
  if (!regex || tooLong(regex.source)) return;
  let walker: InstanceType<RandExpClass>;
  try {
    walker = new RandExp(regex);
  } catch {
    return;
  }
  // Open repetitions (`+`, `*`) long enough for a minLength, and never past a maxLength.
  const least = Math.min(schema.minLength ?? 0, MAX_MADE);
  walker.max = Math.max(1, Math.min(least + 8, schema.maxLength ?? Infinity));
  let step = 0;
  walker.randInt = (a: number, b: number) => a + (hash(...at, "rx", step++) % (b - a + 1));
  // Random walks, then the shortest match and the longest (for a maxLength or a minLength that a
  // bounded repetition like `{1,100}` rarely meets at random).
  const draws: ((a: number, b: number) => number)[] = [
    ...Array.from({ length: 16 }, () => walker.randInt),
    (a) => a,
    (_a, b) => b,
  ];
  for (const draw of draws) {
    walker.randInt = draw;
    try {
      yield walker.gen();
    } catch {
      return; // a pattern randexp cannot walk (its stack): the candidate stands
    }
  }
}

/**
 * Whether a pattern's counted repetitions could make a text past {@link MAX_MADE}: one count
 * past it, or counts that multiply past it if nested (read from the source: not parsed, so
 * counts side by side are taken as nested too, erring toward not walking).
 */
function tooLong(source: string): boolean {
  const counts = [...source.matchAll(/\{\s*(\d+)\s*(?:,\s*(\d*)\s*)?\}/g)].map(([, least, most]) =>
    Number(most || least),
  );
  return counts.some((n) => n > MAX_MADE) || counts.reduce((a, n) => a * Math.max(n, 1), 1) > 1e6;
}

/**
 * A text cut (its end kept: `name-17` varies there) or padded to the schema's lengths, the
 * padding letters drawn from `at` so that items still differ.
 */
function toLength(schema: Scalar, text: string, at: (string | number)[]): string {
  const most = schema.maxLength ?? Infinity;
  const chars = [...text].slice(most === 0 ? Infinity : -most);
  for (let k = 0; chars.length < (schema.minLength ?? 0); k++)
    chars.push(String.fromCharCode(97 + (hash(...at, "pad", k) % 26)));
  return chars.join("");
}

/** A number inside the schema's bounds, a multiple of its `multipleOf`, varied by `at`. */
function numberFor(schema: Scalar, integer: boolean, at: (string | number)[]): number {
  const bound = bounds(schema);
  const [least = -Infinity, most = Infinity] = wholeFormat(schema) ?? [];
  const lo = Math.max(bound.low?.at ?? Math.min(0, (bound.high?.at ?? 0) - 1000), least);
  const hi = Math.min(bound.high?.at ?? lo + 1000, most);
  // A bound is open only where it is the schema's own, not the format's limit it was cut to.
  const low = bound.low && { at: lo, open: bound.low.open && lo === bound.low.at };
  const high = bound.high && { at: hi, open: bound.high.open && hi === bound.high.at };
  let step = stepOf(schema) ?? (integer ? 1 : undefined);
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
  // A multiple of 0.1 in floating point (`29 * 0.1` is 2.9000000000000004) fails a validator's
  // check; the multiple rounded to the step's decimals usually passes: the first k that does.
  const decimals = Math.min(20, (String(step).split(".")[1] ?? "").length);
  const span = last - first + 1;
  const start = hash(...at, "k") % span;
  for (let j = 0; j < Math.min(span, 64); j++) {
    const value = Number(((first + ((start + j) % span)) * step).toFixed(decimals));
    if (fits(schema, value)) return value;
  }
  return (first + start) * step;
}

/** A usable `multipleOf` (a positive finite number), else none. */
const stepOf = (s: Scalar) =>
  typeof s.multipleOf === "number" && Number.isFinite(s.multipleOf) && s.multipleOf > 0
    ? s.multipleOf
    : undefined;

/** The least whole multiple of `step` (an integer multiple of 0.4 is a multiple of 2). */
function wholeMultiple(step: number): number {
  for (let j = 2; j <= 1000; j++) if (Number.isInteger(step * j)) return step * j;
  return Math.ceil(step);
}
