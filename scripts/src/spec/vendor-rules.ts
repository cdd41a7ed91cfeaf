import { checkSync } from "recheck";
import { hasInvisible, printable } from "../printable.js";

/** Our extensions: set by spec/overlays, read by codegen, the client, the mock and the CLI. */
const OURS = /^x-(keyapi|sdk)-|^x-pagination$/;
/** A path segment: plain characters (never `.` or `..`, no `%`, `#` or `?`), or a template. */
const SEGMENT = /^(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;
/** `constructor`, `toString`, …: what every plain object answers to without holding it. */
const BUILT_IN = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Why a parameter's or a field's name is refused, if it is. */
function whyNotName(name: string): string | undefined {
  if (hasInvisible(name))
    return `the name ${JSON.stringify(name)} holds a control or invisible character`;
  if (BUILT_IN.has(name))
    return `the name "${name}" is a built-in of every JavaScript object (records are read as plain objects)`;
  return undefined;
}

/**
 * Why a `pattern` is refused, if it is: the client checks parameters against it, and the mock
 * and `validateResponses` check values, all with JavaScript's `u` flag and its backtracking
 * engine. One that backtracks without bound (`^(a+)+$`) held the event loop 7.9 s on 28
 * characters, past any timeout; recheck finds those (status "unknown", its own time limit spent,
 * is let through).
 */
function whyNotPattern(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `pattern ${JSON.stringify(pattern)} is no regular expression with the u flag (${(error as Error).message})`;
  }
  const check = checkSync(pattern, "u", { timeout: 5_000 });
  if (check.status === "vulnerable")
    return `pattern ${JSON.stringify(pattern)} can backtrack for ${check.complexity.type} time on a crafted value (ReDoS)`;
  return undefined;
}

/** The JSON pointer of `key` under `at`. */
const pointer = (at: string, key: string) =>
  `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;

/**
 * Why the vendor's document is not taken, if it is not: what no later step may see from the
 * vendor, each refused at spec:update with where it is, before any file is written.
 *
 * - our extensions (`x-keyapi-*`, `x-sdk-*`, `x-pagination`): a cost of −1000 lifted every
 *   `maxCredits`, an item id of `constructor` made a walk yield one item of thirty;
 * - a path that is not plain segments and `{templates}`: `..` and `%2e%2e` sent the key's
 *   requests above the base URL, a `#` dropped every query parameter;
 * - a parameter or field named like a built-in (`toString`) or holding a control character: the
 *   operation could not be called, the CLI's table and CSV crashed, its header reached the
 *   terminal raw;
 * - a `pattern` JavaScript cannot compile, or one that backtracks without bound.
 */
export function whyNotVendorSpec(doc: unknown): string | undefined {
  const paths = ((doc as { paths?: unknown })?.paths ?? {}) as object;
  for (const p of Object.keys(paths))
    if (
      !p.startsWith("/") ||
      !p
        .slice(1)
        .split("/")
        .every((s) => SEGMENT.test(s))
    )
      return `the path ${JSON.stringify(printable(p))} is not plain segments (letters, digits, . _ ~ -) and {templates}`;
  const patterns = new Map<string, string>();
  // [node, its pointer, the key it sits under]
  const stack: [unknown, string, string][] = [[doc, "", ""]];
  while (stack.length) {
    const [node, at, parentKey] = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      const here = pointer(at, key);
      const why = OURS.test(key)
        ? `${key} is ours to set (spec/overlays), not the vendor's`
        : parentKey === "properties"
          ? whyNotName(key)
          : key === "name" && typeof value === "string" && "in" in node
            ? whyNotName(value)
            : undefined;
      if (why) return `${printable(here)}: ${why}`;
      if (key === "pattern" && typeof value === "string" && !patterns.has(value))
        patterns.set(value, here);
      stack.push([value, here, key]);
    }
  }
  // Last, and once each: recheck takes milliseconds a pattern.
  for (const [pattern, at] of patterns) {
    const why = whyNotPattern(pattern);
    if (why) return `${printable(at)}: ${printable(why)}`;
  }
  return undefined;
}
