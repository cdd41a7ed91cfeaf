import type { Json } from "./openapi-model.js";

/**
 * Compiles a parameter's schema (the keywords the client checks) into one JavaScript
 * expression over `v` that is "" when the value is valid, else what is wrong with it. Compiled
 * at codegen time so the client ships a few comparisons per parameter instead of a schema
 * interpreter: on this spec that is most of what kept the client entry over its size budget.
 */
export function compileCheck(schema: Json, v = "v", depth = 0): string {
  const types = [schema.type ?? []].flat() as string[];
  const nullable = schema.nullable === true || types.includes("null");
  const body = rules(schema, types, v, depth);
  return nullable ? `${v} === null ? "" : ${body}` : body;
}

/** Whether the items helper is used by an expression `compileCheck` returned. */
export const usesItems = (expression: string): boolean => expression.includes("items(");

/** Emitted once into a file whose checks contain an array with `items`. */
export const ITEMS_HELPER = `const items = (a: any[], check: ParamCheck): string => {
  for (const [i, x] of a.entries()) {
    const problem = check(x);
    if (problem) return \`item \${i}: \${problem}\`;
  }
  return "";
};`;

const TYPE_TESTS: Record<string, (v: string) => string> = {
  integer: (v) => `Number.isInteger(${v})`,
  number: (v) => `Number.isFinite(${v})`,
  array: (v) => `Array.isArray(${v})`,
  null: (v) => `${v} === null`,
  object: (v) => `(!!${v} && typeof ${v} == "object" && !Array.isArray(${v}))`,
};
const typeTest = (t: string, v: string) => TYPE_TESTS[t]?.(v) ?? `typeof ${v} == ${q(t)}`;
const q = (s: string) => JSON.stringify(s);

function rules(s: Json, types: string[], v: string, depth: number): string {
  const out: [condition: string, problem: string][] = [];
  if (types.length) {
    out.push([
      `!(${types.map((t) => typeTest(t, v)).join(" || ")})`,
      `expected ${types.join(" or ")}`,
    ]);
  }
  if (Array.isArray(s.enum)) {
    out.push([
      `!${JSON.stringify(s.enum)}.includes(${v})`,
      `must be one of ${JSON.stringify(s.enum)}`,
    ]);
  }
  // A bound applies to the values of its kind; the guard is dropped where the type check above
  // already guarantees that kind.
  const only = (...kinds: string[]) =>
    types.length > 0 && types.every((t) => kinds.includes(t) || t === "null");
  const num = only("integer", "number") ? "" : `typeof ${v} == "number" && `;
  const str = only("string") ? "" : `typeof ${v} == "string" && `;
  const arr = only("array") ? "" : `Array.isArray(${v}) && `;
  const bound = (guard: string, value: string, op: string, limit: unknown, problem: string) => {
    if (typeof limit === "number") out.push([`${guard}${value} ${op} ${limit}`, problem]);
  };
  const exMin = s.exclusiveMinimum === true ? s.minimum : s.exclusiveMinimum;
  const exMax = s.exclusiveMaximum === true ? s.maximum : s.exclusiveMaximum;
  bound(num, v, "<=", exMin, `must be > ${String(exMin)}`);
  bound(num, v, ">=", exMax, `must be < ${String(exMax)}`);
  if (s.exclusiveMinimum !== true) bound(num, v, "<", s.minimum, `must be ≥ ${String(s.minimum)}`);
  if (s.exclusiveMaximum !== true) bound(num, v, ">", s.maximum, `must be ≤ ${String(s.maximum)}`);
  bound(str, `${v}.length`, "<", s.minLength, `must have length ≥ ${String(s.minLength)}`);
  bound(str, `${v}.length`, ">", s.maxLength, `must have length ≤ ${String(s.maxLength)}`);
  bound(arr, `${v}.length`, "<", s.minItems, `must have ≥ ${String(s.minItems)} items`);
  bound(arr, `${v}.length`, ">", s.maxItems, `must have ≤ ${String(s.maxItems)} items`);
  if (typeof s.pattern === "string") {
    out.push([`${str}!new RegExp(${q(s.pattern)}, "u").test(${v})`, `must match /${s.pattern}/`]);
  }
  let tail = `""`;
  if (s.items && typeof s.items === "object") {
    const x = `x${depth}`;
    tail = `${arr}items(${v}, (${x}) => ${compileCheck(s.items as Json, x, depth + 1)}) || ""`;
  }
  return out.reduceRight(
    (rest, [condition, problem]) => `${condition} ? ${q(problem)} : ${rest}`,
    tail,
  );
}
