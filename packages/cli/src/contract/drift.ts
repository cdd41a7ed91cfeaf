import { resolveSchema } from "@keyapi-tiktok/types/spec";

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

/** Alternatives tried for one value at most: `oneOf`s that nest in each other multiply. */
const MAX_TRIES = 256;
/** What an alternative cut short by `MAX_TRIES` comes to: not a fit, nor a miss to rank. */
const UNTRIED: Finding[] = [];

/**
 * Every difference between `value` and `schema` (a JSON Schema of the effective spec, local
 * `$ref`s followed in `doc`), each classified. A pure function: the table test holds each case.
 * `oneOf`/`anyOf` take the alternative the value fits best (fewest breaking differences); with
 * both, each pair of them.
 */
export function driftOf(
  schemaRef: unknown,
  value: unknown,
  doc?: unknown,
  path = "",
  depth = 0,
): Finding[] {
  return drift(schemaRef, value, doc, path, depth, undefined);
}

/**
 * What one value is being checked against: the alternatives chosen on the way to this schema (an
 * alternative met again is a cycle, `A: oneOf [A, string]`, and asks nothing new) and how many
 * more may be tried.
 */
interface Choice {
  trail: Set<unknown>;
  left: number;
}

function drift(
  schemaRef: unknown,
  value: unknown,
  doc: unknown,
  path: string,
  depth: number,
  choice: Choice | undefined,
): Finding[] {
  const s = resolveSchema((schemaRef ?? {}) as object, doc) as Schema;
  const at = path || "(body)";
  // A recursive schema (replies of replies) walked as deep as the data goes would overflow the
  // stack; no client reads a record this deep (the CLI leaves out those past 256 levels).
  if (depth > MAX_DEPTH)
    return [{ kind: "breaking", path: at, message: `nested deeper than ${MAX_DEPTH} levels` }];
  const sets = [s.oneOf, s.anyOf].filter((a): a is unknown[] => Array.isArray(a) && a.length > 0);
  if (sets.length) {
    const { oneOf: _o, anyOf: _a, ...base } = s;
    const own = choice ?? { trail: new Set(), left: MAX_TRIES };
    const tries: Finding[][] = [];
    let cut = false;
    for (const combo of product(sets)) {
      if (own.left <= 0) {
        cut = true;
        break;
      }
      if (combo.some((alt) => own.trail.has(alt))) continue;
      own.left--;
      for (const alt of combo) own.trail.add(alt);
      const t = drift({ allOf: [base, ...combo] }, value, doc, path, depth, own);
      if (t === UNTRIED) cut = true;
      else tries.push(t);
      for (const alt of combo) own.trail.delete(alt);
    }
    if (!tries.length) {
      // Every alternative led back to one already taken: the schema asks only what is beside them.
      if (!cut) return drift(base, value, doc, path, depth, own);
      // An alternative cut short says nothing (its untried part could miss): not a fit.
      if (choice) return UNTRIED;
      const message = `more than ${MAX_TRIES} combinations of oneOf/anyOf to check`;
      return [{ kind: "breaking", path: at, message }];
    }
    // The value's own type first (a string alternative says nothing about an object's fields),
    // then the fewest breaking differences, then the fewest of any kind.
    const rank = (fs: Finding[]) => [
      fs.some((f) => f.path === at && f.message.startsWith("expected")) ? 1 : 0,
      breakingCount(fs),
      fs.length,
    ];
    const better = (a: number[], b: number[]) => {
      const i = a.findIndex((x, k) => x !== b[k]);
      return i >= 0 && a[i]! < b[i]!;
    };
    return tries.reduce((best, t) => (better(rank(t), rank(best)) ? t : best));
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
      append(all, drift(s.items, item, doc, child(path, i), depth + 1, undefined)),
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
      append(findings, drift(properties[name], v, doc, child(path, name), depth + 1, undefined));
    else if (s.additionalProperties && typeof s.additionalProperties === "object")
      append(
        findings,
        drift(s.additionalProperties, v, doc, child(path, name), depth + 1, undefined),
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
