import { check } from "recheck";
import { pointerToken } from "../json-pointer.js";
import { hasInvisible, printableCut } from "../printable.js";
import { whyBacktracks } from "./backtracking.js";
import { placeIn, ROOT, type Place } from "../docs-site/document-shape.js";

/** Our extensions: set by spec/overlays, read by codegen, the client, the mock and the CLI. */
const OURS = /^x-(keyapi|sdk)-|^x-pagination$/;
/**
 * A path segment: URL path characters but `%` (never `.` or `..`, no `#` or `?`: RFC 3986's
 * pchar, so `items:batchGet` and `@me` pass), or a `{template}`.
 */
const SEGMENT =
  /^(?:[A-Za-z0-9_~!$&'()*+,;=:@-][A-Za-z0-9._~!$&'()*+,;=:@-]*|\{[A-Za-z_][A-Za-z0-9_.-]*\})$/;
/** Data, not schema: an example object with a key `pattern` is not a pattern. */
const DATA = new Set(["example", "examples", "default", "const", "enum"]);
/** recheck's limit for one pattern, and for all of a document's together. */
const PATTERN_MS = 5_000;
const ALL_PATTERNS_MS = 20_000;
/** `constructor`, `toString`, …: what every plain object answers to without holding it. */
const BUILT_IN = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A lone surrogate, or a tag character (invisible, and read as text by some terminals). */
const BROKEN_OR_TAG =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\udb40[\udc00-\udc7f]/;

/** A name of the spec as a message shows it: escaped, cut (a 1 MB name made a 2 MB line), quoted. */
const shown = (name: string) => JSON.stringify(printableCut(name, 80));

/** Why a parameter's or a field's name is refused, if it is. */
function whyNotName(name: string): string | undefined {
  if (!name) return "an empty name";
  if (hasInvisible(name) || BROKEN_OR_TAG.test(name))
    return `the name ${shown(name)} holds a control, invisible or broken character`;
  if (BUILT_IN.has(name))
    return `the name "${name}" is a built-in of every JavaScript object (records are read as plain objects)`;
  return undefined;
}

/**
 * Why a `pattern` is refused, if it is: the client checks parameters against it, and the mock
 * and `validateResponses` check values, all with JavaScript's `u` flag and its backtracking
 * engine. One that backtracks without bound (`^(a+)+$`) held the event loop 7.9 s on 28
 * characters, past any timeout. recheck finds those; a pattern it cannot show safe in its time is
 * refused too (one of 3,000 alternatives hid `(a+)+`), and so is one of cubic time or worse;
 * quadratic ones pass (`^[^@]+@[^@]+$`: milliseconds on a parameter's length). Shapes recheck
 * calls safe under bounded repetitions are refused first by `whyBacktracks`; the rules narrow the
 * risk, they cannot prove its absence.
 */
async function whyNotPattern(pattern: string, timeout: number): Promise<string | undefined> {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `pattern ${shown(pattern)} is no regular expression with the u flag (${(error as Error).message})`;
  }
  const ours = whyBacktracks(pattern);
  if (ours) return `pattern ${shown(pattern)} can backtrack without bound: ${ours} (ReDoS)`;
  if (timeout <= 0) return `pattern ${shown(pattern)}: no time left to check it (ReDoS)`;
  // Asynchronous: a Ctrl-C while it works is taken at once (checkSync held it 30 s).
  const result = await check(pattern, "u", { timeout });
  if (result.status === "unknown")
    return `pattern ${shown(pattern)} could not be shown safe from backtracking in ${timeout} ms (ReDoS)`;
  const c = result.status === "vulnerable" ? result.complexity : undefined;
  if (c && (c.type === "exponential" || c.degree >= 3))
    return `pattern ${shown(pattern)} can backtrack for ${c.type === "exponential" ? "exponential" : `n^${c.degree}`} time on a crafted value (ReDoS)`;
  return undefined;
}

/** The JSON pointer of `key` under `at`. */
const pointer = (at: string, key: string) => `${at}/${pointerToken(key)}`;

/** The most refusals one run lists: the rest are counted. */
export const MOST_REFUSALS = 10;

/**
 * Why the vendor's document is not taken, if it is not: what no later step may see from the
 * vendor, each refused at spec:update with where it is, before any file is written. Every
 * problem is listed (the first {@link MOST_REFUSALS}, then a count), so one run shows them all.
 *
 * - our extensions (`x-keyapi-*`, `x-sdk-*`, `x-pagination`): a cost of −1000 lifted every
 *   `maxCredits`, an item id of `constructor` made a walk yield one item of thirty;
 * - a path that is not plain segments and `{templates}`: `..` and `%2e%2e` sent the key's
 *   requests above the base URL, a `#` dropped every query parameter;
 * - a parameter or field named like a built-in (`toString`) or holding a control character: the
 *   operation could not be called, the CLI's table and CSV crashed, its header reached the
 *   terminal raw;
 * - a `pattern` (or a `patternProperties` key) JavaScript cannot compile, or one that backtracks
 *   without bound.
 *
 * Examples, defaults, `const` and `enum` are data: not looked into (a property so named is a
 * schema, and is). Empty: taken.
 */
export async function vendorSpecRefusals(
  doc: unknown,
  { patternMs = PATTERN_MS, allPatternsMs = ALL_PATTERNS_MS } = {},
): Promise<string[]> {
  const refusals: string[] = [];
  const paths = ((doc as { paths?: unknown })?.paths ?? {}) as object;
  for (const p of Object.keys(paths))
    if (
      !p.startsWith("/") ||
      !p
        .slice(1)
        .split("/")
        .every((s) => SEGMENT.test(s))
    )
      refusals.push(
        `the path ${shown(p)} is not plain segments (no %, #, ?, empty, . or .. segment) and {templates}`,
      );
  const patterns = new Map<string, string>();
  // [node, its pointer, where it sits]
  const stack: [unknown, string, Place][] = [[doc, "", ROOT]];
  while (stack.length) {
    const [node, at, place] = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      const here = pointer(at, key);
      const why = OURS.test(key)
        ? `${key} is ours to set (spec/overlays), not the vendor's`
        : place.names && place.key === "properties"
          ? whyNotName(key)
          : key === "name" && typeof value === "string" && "in" in node
            ? whyNotName(value)
            : undefined;
      if (why) refusals.push(`${printableCut(here, 200)}: ${why}`);
      if (key === "pattern" && typeof value === "string" && !patterns.has(value))
        patterns.set(value, here);
      if (place.names && place.key === "patternProperties" && !patterns.has(key))
        patterns.set(key, here);
      // A property named `default` is a schema: only a keyword holds data.
      if (!DATA.has(key) || place.names) stack.push([value, here, placeIn(place, key)]);
    }
  }
  // Last, and once each: recheck takes milliseconds a pattern, its limit for the slow ones. Once
  // the list is full, the rest are not worth their time.
  const until = Date.now() + allPatternsMs;
  for (const [pattern, at] of patterns) {
    if (refusals.length > MOST_REFUSALS) break;
    const why = await whyNotPattern(pattern, Math.min(patternMs, until - Date.now()));
    if (why) refusals.push(`${printableCut(at, 200)}: ${why}`);
  }
  return refusals;
}

/** The refusals as one line: every one, or the first {@link MOST_REFUSALS} of more. */
export function refusalLine(refusals: string[]): string {
  if (refusals.length === 1) return refusals[0]!;
  const listed = refusals.slice(0, MOST_REFUSALS).join("; ");
  return refusals.length > MOST_REFUSALS
    ? `more than ${MOST_REFUSALS} problems, the first ${MOST_REFUSALS}: ${listed}`
    : `${refusals.length} problems: ${listed}`;
}
