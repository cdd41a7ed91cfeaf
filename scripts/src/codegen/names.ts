import { operationKey } from "../../../packages/types/src/spec-paths.js";
import type { OperationRef } from "./openapi-model.js";

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/**
 * `/v1/tiktok/product/reviews/analytics` → `ProductReviewsAnalytics`; `{id}` segments read
 * as `ById`. GET takes the bare name and other methods a verb prefix, so adding a POST to a
 * path never renames the existing GET's types.
 */
export function nameFromPath(path: string, method: string, prefix: string): string {
  const rest = path.startsWith(prefix) ? path.slice(prefix.length) : path;
  const parts = rest
    .split("/")
    .filter(Boolean)
    .map((seg) => (seg.startsWith("{") ? `By ${seg.slice(1, -1)}` : seg));
  let name = pascalCase(parts.join(" ")) || "Root";
  if (method !== "get") name = pascalCase(method) + name;
  return /^[0-9]/.test(name) ? `Op${name}` : name;
}

/** Words a type alias may not be named: reserved words, and the types TypeScript names itself. */
const NOT_A_TYPE_NAME = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with implements interface let package private protected " +
    "public static yield any bigint boolean never number object string symbol undefined unknown " +
    // The global types of TypeScript's lib: the generated code uses some (`NonNullable<…>`,
    // `Record<…>`), and an alias so named would stand in for them there.
    "Partial Required Readonly Record Pick Omit Exclude Extract NonNullable Parameters " +
    "ConstructorParameters ReturnType InstanceType Awaited ThisParameterType OmitThisParameter " +
    "ThisType NoInfer Uppercase Lowercase Capitalize Uncapitalize Array ReadonlyArray ArrayLike " +
    "Promise PromiseLike Object Function String Number Boolean Symbol BigInt Date RegExp Error " +
    "Map Set WeakMap WeakSet ReadonlyMap ReadonlySet Iterable Iterator PropertyKey JSON Math " +
    // What `@keyapi-tiktok/types` exports by name beside the generated files: its own export
    // wins over theirs without a word (test/names.test.ts holds this list to its index.ts).
    "bodyParam coerceParam validateParams ParamIssue Params getAt operationKey"
  ).split(" "),
);

/**
 * A type's name the spec gives (`x-sdk-name`, `x-sdk-item-name`), refused unless it is one: it is
 * written into the generated code as it is, so `X = 1; export const run = exec(…); type Y` would
 * have been code that runs wherever the types are imported.
 */
export function typeNameFromSpec(value: unknown, extension: string, where: string): string {
  if (typeof value === "string" && /^[A-Za-z_$][\w$]*$/.test(value) && !NOT_A_TYPE_NAME.has(value))
    return value;
  throw new Error(
    `${where}: ${extension} must be a TypeScript type name (letters, digits, _ or $, not a reserved word or one of TypeScript's global types), got ${JSON.stringify(value)}`,
  );
}

/** Assigns each operation a unique TypeScript name; `x-sdk-name` in the spec wins. */
export function assignNames(ops: OperationRef[], prefix: string): string[] {
  const taken = new Map<string, string>();
  return ops.map((op) => {
    const where = operationKey(op.method, op.path);
    const name =
      "x-sdk-name" in op.operation
        ? typeNameFromSpec(op.operation["x-sdk-name"], "x-sdk-name", where)
        : nameFromPath(op.path, op.method, prefix);
    const clash = taken.get(name);
    if (clash) {
      throw new Error(
        `operations ${clash} and ${where} both derive the name ${name}: give one an x-sdk-name in an overlay`,
      );
    }
    taken.set(name, where);
    return name;
  });
}
