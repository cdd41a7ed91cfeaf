import { MOST_CHOICES, resolveSchema } from "@keyapi-tiktok/types/spec";

/** One way a live response differs from the spec. */
export interface Finding {
  /** `breaking`: a client built from the spec can fail on it; `additive`: a field it lacks. */
  kind: "breaking" | "additive";
  /** Where, as code would reach it: `data[1].rating`, `requestId`; `(body)` for the whole. */
  path: string;
  /** What differs: `expected integer, got string`. */
  message: string;
  /** The value found there, as JSON (the caller truncates and makes it inert). */
  value?: string;
}

type Schema = Record<string, unknown>;

/** How deep a response is walked. */
const MAX_DEPTH = 256;

/** The JSON type of a value as a schema names it; an integral number is `integer`. */
const typeOf = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? "integer"
          : "number"
        : typeof v;

const typesOf = (s: Schema): string[] | undefined => {
  if (s.type !== undefined) return [s.type].flat() as string[];
  if (s.properties || s.required) return ["object"];
  if (s.items) return ["array"];
  return undefined;
};

const fits = (actual: string, expected: string[]) =>
  expected.includes(actual) || (actual === "integer" && expected.includes("number"));

const nullable = (s: Schema) =>
  s.nullable === true ||
  (typesOf(s)?.includes("null") ?? true) ||
  (Array.isArray(s.enum) && s.enum.includes(null));

const child = (path: string, key: string | number) =>
  typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** A value as JSON; one nested past what JSON.stringify can walk is said to be so. */
const json = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return `(${Array.isArray(v) ? "a list" : "an object"} nested too deep to show)`;
  }
};

/** `target.push(...items)` without the spread: a list of 150,000 findings overflows the stack. */
const append = (target: Finding[], items: Finding[]) => {
  for (const item of items) target.push(item);
};

const breakingCount = (fs: Finding[]) => fs.filter((f) => f.kind === "breaking").length;

/**
 * How well a value fits an alternative: its own type first (a string alternative says nothing
 * about an object's fields), then the fewest breaking differences, then the fewest of any kind.
 */
const rank = (fs: Finding[], at: string) => [
  fs.some((f) => f.path === at && f.message.startsWith("expected")) ? 1 : 0,
  breakingCount(fs),
  fs.length,
];
const better = (a: number[], b: number[]) => {
  const i = a.findIndex((x, k) => x !== b[k]);
  return i >= 0 && a[i]! < b[i]!;
};

/** A value the check could not decide: said, as the kind that stops a release. */
const notChecked = (path: string, why: string): Finding => ({
  kind: "breaking",
  path,
  message: `not checked: ${why}`,
});

/** ...and in one whole check: alternatives nested in each other's values multiply. */
const MAX_TRIES = 50_000;
/**
 * How deep alternatives may nest for one value: a schema whose alternative leads back to itself
 * (`A: oneOf [A, string]`) ends here, and such a path is no candidate (only a value a finite
 * derivation reaches fits, as the other alternatives say).
 */
const MAX_NEST = 8;
/** What a path of alternatives nested past `MAX_NEST` comes to: no candidate. */
const NESTED: Finding[] = [];
/** What alternatives cut short by a bound come to, when none of those tried fits. */
const UNCHECKED: Finding[] = [];

/**
 * Every difference between `value` and `schema` (a JSON Schema of the effective spec, local
 * `$ref`s followed in `doc`), each classified. A pure function: the table test holds each case.
 * `oneOf`/`anyOf` take the alternative the value fits best (fewest breaking differences); with
 * both, each pair of them. Alternatives past the bounds above are reported as not checked, never
 * passed and never failed on a guess.
 */
export function driftOf(
  schemaRef: unknown,
  value: unknown,
  doc?: unknown,
  path = "",
  depth = 0,
): Finding[] {
  return drift(schemaRef, value, doc, path, depth, 0, { left: MAX_TRIES });
}

function drift(
  schemaRef: unknown,
  value: unknown,
  doc: unknown,
  path: string,
  depth: number,
  /** How many alternatives were chosen on the way to this schema, for this same value. */
  nest: number,
  budget: { left: number },
): Finding[] {
  const s = resolveSchema((schemaRef ?? {}) as object, doc) as Schema;
  const at = path || "(body)";
  // A recursive schema (replies of replies) walked as deep as the data goes would overflow the
  // stack; no client reads a record this deep (the CLI leaves out those past 256 levels).
  if (depth > MAX_DEPTH)
    return [{ kind: "breaking", path: at, message: `nested deeper than ${MAX_DEPTH} levels` }];
  const sets = [s.oneOf, s.anyOf].filter((a): a is unknown[] => Array.isArray(a) && a.length > 0);
  if (sets.length) {
    if (nest >= MAX_NEST) return NESTED;
    const { oneOf: _o, anyOf: _a, ...base } = s;
    const tries: Finding[][] = [];
    let cut = false;
    let count = 0;
    for (const combo of product(sets)) {
      if (count++ >= MOST_CHOICES || budget.left-- <= 0) {
        cut = true;
        break;
      }
      const t = drift({ allOf: [base, ...combo] }, value, doc, path, depth, nest + 1, budget);
      if (t === UNCHECKED) cut = true;
      else if (t !== NESTED) {
        // Nothing fits better than a perfect fit: the rest are not tried (an Optional's `null`
        // spent the response's budget on every value).
        if (t.length === 0) return t;
        tries.push(t);
      }
    }
    const best = tries.length
      ? tries.reduce((b, t) => (better(rank(t, at), rank(b, at)) ? t : b))
      : undefined;
    // A fit is a fit, whatever was left untried (what it adds is reported as it is); a miss is
    // only reported when every way was seen.
    if (best && breakingCount(best) === 0) return best;
    if (cut)
      return nest > 0
        ? UNCHECKED
        : [
            notChecked(
              at,
              `more than ${MOST_CHOICES} combinations of oneOf/anyOf here, or ${MAX_TRIES} in the response`,
            ),
          ];
    if (!best)
      return nest > 0 ? NESTED : [notChecked(at, `oneOf/anyOf nested more than ${MAX_NEST} deep`)];
    return best;
  }
  if (value === null)
    return nullable(s)
      ? []
      : [{ kind: "breaking", path: at, message: "null where the spec has none", value: "null" }];
  const expected = typesOf(s);
  const actual = typeOf(value);
  if (expected && !fits(actual, expected)) {
    const what =
      expected.includes("array") && actual === "object" ? " (an object where a list is)" : "";
    return [
      {
        kind: "breaking",
        path: at,
        message: `expected ${expected.join(" or ")}, got ${actual}${what}`,
        value: json(value),
      },
    ];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => json(e) === json(value)))
    return [
      {
        kind: "breaking",
        path: at,
        message: `not one of ${s.enum.map(json).join(", ")}`,
        value: json(value),
      },
    ];
  if (Array.isArray(value)) {
    const all: Finding[] = [];
    value.forEach((item, i) =>
      append(all, drift(s.items, item, doc, child(path, i), depth + 1, 0, budget)),
    );
    return all;
  }
  if (actual !== "object") return [];
  const object = value as Record<string, unknown>;
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const findings: Finding[] = [];
  for (const name of (s.required ?? []) as string[])
    if (!(name in object))
      findings.push({
        kind: "breaking",
        path: child(path, name),
        message: "required field missing",
      });
  for (const [name, v] of Object.entries(object)) {
    if (name in properties)
      append(findings, drift(properties[name], v, doc, child(path, name), depth + 1, 0, budget));
    else if (s.additionalProperties && typeof s.additionalProperties === "object")
      append(
        findings,
        drift(s.additionalProperties, v, doc, child(path, name), depth + 1, 0, budget),
      );
    else if (s.additionalProperties === false)
      findings.push({
        kind: "breaking",
        path: child(path, name),
        message: "a field the spec forbids",
        value: json(v),
      });
    // A schema that names no properties at all says nothing about its fields.
    else if (s.properties)
      findings.push({
        kind: "additive",
        path: child(path, name),
        message: "a field the spec does not name",
        value: json(v),
      });
  }
  return findings;
}

/** Findings of one shape (the same path but for list indexes, the same message) as one, counted. */
export interface FindingGroup extends Finding {
  /** How many times it was found (the first one is shown). */
  count: number;
}

/** Groups a response's findings: 500 items with the same drift are one line, `(×500)`. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = `${f.kind} ${f.path.replace(/\[\d+\]/g, "[]")} ${f.message}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { ...f, count: 1 });
  }
  return [...groups.values()];
}

/** Every way to take one element of each list: `[[a, b], [c]]` → `[a, c]`, `[b, c]`. */
function* product(lists: unknown[][], i = 0): Generator<unknown[]> {
  if (i === lists.length) {
    yield [];
    return;
  }
  for (const rest of product(lists, i + 1)) for (const item of lists[i]!) yield [item, ...rest];
}
