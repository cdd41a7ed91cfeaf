import {
  effectiveParameters,
  listOperations,
  resolveRef,
  type Json,
  type OperationRef,
} from "../codegen/openapi-model.js";
import { paginationOf } from "../codegen/pagination.js";
import { mergeSchema } from "../../../packages/types/src/merge-schema.js";
import { lowestNumber, NONE, sampleChecker, sampleType, type Found } from "./sample-value.js";
import { operationKey } from "../../../packages/types/src/spec-paths.js";

/**
 * One operation's sample request for the live contract check: the parameters and body it is
 * called with, or why no request could be made up (then the check lists it as not checked).
 */
export type Sample =
  | {
      query?: Record<string, unknown>;
      path?: Record<string, unknown>;
      body?: unknown;
      /** Where the values came from, or a person's note; kept when the file is synced. */
      note?: string;
    }
  | { unusable: string };

/** `"GET /v1/tiktok/product/reviews/analytics"`: how samples are keyed. */
export const sampleKey = (op: Pick<OperationRef, "method" | "path">) =>
  operationKey(op.method, op.path);

/** The first scalar under a property named `name` anywhere in `value` (an id in an example). */
function scalarNamed(value: unknown, name: string, depth = 0): Found {
  if (!value || typeof value !== "object" || depth > 12) return NONE;
  for (const [key, v] of Object.entries(value)) {
    if (key === name && v !== null && typeof v !== "object") return v;
  }
  for (const v of Object.values(value)) {
    const found = scalarNamed(v, name, depth + 1);
    if (found !== NONE) return found;
  }
  return NONE;
}

/** The 2xx response examples of an operation, where ids of real objects are found. */
function responseExamples(doc: Json, op: OperationRef): unknown[] {
  const out: unknown[] = [];
  for (const [status, raw] of Object.entries((op.operation.responses ?? {}) as Json)) {
    if (!/^2/.test(status)) continue;
    const content = ((resolveRef(doc, raw) as Json).content ?? {}) as Json;
    const json = (content["application/json"] ?? {}) as Json;
    if (json.example !== undefined) out.push(json.example);
    for (const e of Object.values((json.examples ?? {}) as Json))
      out.push((resolveRef(doc, e) as Json).value);
    const schema = resolveRef(doc, json.schema) as Json | undefined;
    if (schema?.example !== undefined) out.push(schema.example);
  }
  return out;
}

/** Each document's checker, made once: a sync of 78 new operations compiles each schema once. */
const CHECKERS = new WeakMap<Json, ReturnType<typeof sampleChecker>>();
const checkerFor = (doc: Json) => {
  if (!CHECKERS.has(doc)) CHECKERS.set(doc, sampleChecker(doc));
  return CHECKERS.get(doc)!;
};

/** The schema with `allOf` read together; undefined when it cannot be read (nested past the stack). */
function merged(doc: Json, schema: unknown): Json | undefined {
  try {
    return mergeSchema(schema as object | undefined, doc) as Json;
  } catch {
    return undefined;
  }
}

/**
 * A value for one field, in the order a person would pick it: its `const`, the field's own
 * example, its default, its enum's values, the same-named id in a response example, then the
 * lowest value its bounds allow (a page number's 1); of those, the first the schema takes
 * ({@link sampleChecker}). NONE when nothing says what a valid value is.
 */
function valueFor(
  doc: Json,
  name: string,
  schemaRaw: unknown,
  own: { example?: unknown; examples?: unknown },
  examples: unknown[],
  /** A body's field may be null; a query string carries no null. */
  nullable = false,
): Found {
  const schema = merged(doc, schemaRaw);
  if (!schema) return NONE;
  const check = checkerFor(doc)(schemaRaw);
  // Null only where the schema is read and says so.
  const fits = (value: unknown) =>
    value !== undefined && (check ? (value !== null || nullable) && check(value) : value !== null);
  if ("const" in schema) return fits(schema.const) ? schema.const : NONE;
  const given = [
    own.example,
    // A parameter's `examples` is a map of Example Objects; a 3.1 schema's, a list of values.
    ...(Array.isArray(own.examples)
      ? own.examples
      : Object.values((own.examples ?? {}) as Json).map((e) =>
          e && typeof e === "object" && "value" in e ? e.value : undefined,
        )),
    schema.example,
    ...(Array.isArray(schema.examples) ? schema.examples : []),
    schema.default,
    ...(Array.isArray(schema.enum) ? schema.enum : []),
  ];
  for (const value of given) if (fits(value)) return value;
  for (const example of examples) {
    const found = scalarNamed(example, name);
    if (found !== NONE && fits(found)) return found;
  }
  const type = sampleType(schema);
  const made =
    type === "integer" || type === "number"
      ? lowestNumber(schema)
      : type === "boolean"
        ? false
        : NONE;
  return made !== NONE && fits(made) ? made : NONE;
}

/**
 * A request body: the media type's or the schema's example, else its required properties'
 * values; whichever the schema takes as a whole (a body its required fields alone do not make,
 * such as one whose fields sit in `oneOf` branches, is missing).
 */
function bodyFor(
  doc: Json,
  op: OperationRef,
  examples: unknown[],
): { body?: unknown; missing?: string } {
  const body = resolveRef(doc, op.operation.requestBody) as Json | undefined;
  if (!body) return {};
  const json = (((body.content ?? {}) as Json)["application/json"] ?? {}) as Json;
  const schema = merged(doc, json.schema);
  if (!schema) return { missing: "the body: its schema nests past what can be read" };
  const check = checkerFor(doc)(json.schema);
  const takes = (value: unknown) => !check || check(value);
  for (const example of [json.example, schema.example])
    if (example !== undefined && takes(example)) return { body: example };
  if (!body.required) return {};
  const out: Record<string, unknown> = {};
  const props = (schema.properties ?? {}) as Json;
  for (const name of (schema.required ?? []) as string[]) {
    const prop = (resolveRef(doc, props[name]) ?? {}) as Json;
    const value = valueFor(doc, name, prop, prop, examples, true);
    if (value === NONE) return { missing: `the body's required field \`${name}\`` };
    out[name] = value;
  }
  return takes(out)
    ? { body: out }
    : { missing: "a body its schema takes (its required fields alone are not one)" };
}

/** Each document's operations with their response examples, collected once. */
const EVERY_EXAMPLE = new WeakMap<Json, { other: OperationRef; examples: unknown[] }[]>();

/**
 * The response examples an operation's values are looked for in: its own first, then every
 * other operation's (a shop's id is in the shop list's example, not in the shop detail's).
 */
const examplesFor = (doc: Json, op: OperationRef): unknown[] => {
  // Every operation's examples, collected once per document: a sync of 78 new operations would
  // otherwise list and resolve every operation's examples 78 times.
  let all = EVERY_EXAMPLE.get(doc);
  if (!all) {
    all = listOperations(doc).map((other) => ({ other, examples: responseExamples(doc, other) }));
    EVERY_EXAMPLE.set(doc, all);
  }
  // Its own examples are among them, already resolved (an operation of another document is not).
  const own = all.find(({ other }) => other.operation === op.operation);
  return [
    ...(own?.examples ?? responseExamples(doc, op)),
    ...all.filter((e) => e !== own).flatMap((e) => e.examples),
  ];
};

/** The sample request derived from the spec for one operation. */
export function deriveSample(doc: Json, op: OperationRef): Sample {
  const examples = examplesFor(doc, op);
  const pagination = paginationOf(doc, op);
  const sample: { query?: Record<string, unknown>; path?: Record<string, unknown> } = {};
  for (const p of effectiveParameters(doc, op)) {
    if (p.in !== "query" && p.in !== "path") continue;
    if (!p.required && p.in !== "path") continue; // the cheapest request: required only
    // A page as full as one credit buys: more items, more of the schema checked.
    const value =
      pagination?.sizeParam === p.name
        ? pagination.maxPageSize
        : valueFor(doc, p.name, p.schema, p as unknown as Json, examples);
    if (value === NONE)
      return {
        unusable: `no value for the required ${p.in} parameter \`${p.name}\` (no example, default or enum, nor a value of that name in any response example): add one by hand`,
      };
    (sample[p.in] ??= {})[p.name] = value;
  }
  const { body, missing } = bodyFor(doc, op, examples);
  if (missing) return { unusable: `no value for ${missing}: add one by hand` };
  return {
    ...sample,
    ...(body !== undefined ? { body } : {}),
    note: "derived from the spec by spec:update; edit freely",
  };
}

export interface SyncResult {
  samples: Record<string, Sample>;
  added: string[];
  dropped: string[];
}

/**
 * The samples for `doc`: every operation keeps the sample it has (a person may have edited it),
 * a new operation gets one derived from the spec, a removed one's goes. In the spec's order.
 */
export function syncSamples(doc: Json, existing: Record<string, Sample>): SyncResult {
  const samples: Record<string, Sample> = {};
  const added: string[] = [];
  for (const op of listOperations(doc)) {
    const key = sampleKey(op);
    const kept = existing[key];
    if (kept) samples[key] = kept;
    else ((samples[key] = deriveSample(doc, op)), added.push(key));
  }
  const dropped = Object.keys(existing).filter((k) => !(k in samples));
  return { samples, added, dropped };
}
