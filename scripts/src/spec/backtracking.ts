import { RegExpParser, type AST } from "@eslint-community/regexpp";
import { firstChars, overlap, overlapping, type Ranges } from "./regex-first-chars.js";

/**
 * How many ways a pattern may have of matching the same text before it is refused, counted in
 * choices a repetition makes: JavaScript's engine tries every way before it gives up, so each
 * choice can double the time. 12 is under a few milliseconds; the shapes below, past it, ran for
 * seconds on short text (Node 20, 2026-12-01):
 *
 * - a part that can match nothing, required many times: JavaScript stops a repetition that matched
 *   nothing only past its minimum. `^(?:\d|\.?){30}$` 4.4 s on 11 characters;
 *   `^(?:x(?:a?){6}){6}$` 9.9 s on 25 (an outer repetition multiplies);
 * - alternatives that can begin with the same character, repeated: `^(?:\w|\d){28}$` 11.6 s.
 */
export const MOST_CHOICES = 12;
/**
 * The most parts that can match nothing, one after another, that one character could be taken
 * by: forty `(?:a|b?)` in a row never finished, 24 `a?` took 0.34 s on 13 characters, 20 took 12
 * ms. Parts that begin with different characters (`-?(\d{2})?:?`) do not count together.
 */
export const MOST_OPTIONAL_RUN = 20;
/** Longer patterns, or deeper nesting, are refused before they are looked into. */
export const MOST_PATTERN_LENGTH = 10_000;
export const MOST_NESTING = 100;

const parser = new RegExpParser({ ecmaVersion: 2024 });

/** `n × m`, an unbounded repetition being `Infinity` (and `0 × Infinity` no repetition). */
const times = (n: number, m: number) => (n === 0 || m === 0 ? 0 : n * m);
const count = (n: number) => (n === Infinity ? "without bound" : `${n} times`);
const isGroup = (n: AST.Node): n is AST.Group | AST.CapturingGroup =>
  n.type === "Group" || n.type === "CapturingGroup";

/** How deep groups, quantifiers and classes nest: measured without recursion. */
function nesting(root: AST.Node): number {
  let most = 0;
  const stack: [AST.Node, number][] = [[root, 0]];
  while (stack.length) {
    const [node, outer] = stack.pop()!;
    // A sequence or a choice is no level of its own: `(?:a)` nests one deep.
    const depth = node.type === "Alternative" || node.type === "Pattern" ? outer : outer + 1;
    most = Math.max(most, depth);
    const children =
      "alternatives" in node
        ? node.alternatives
        : "elements" in node
          ? node.elements
          : "element" in node
            ? [node.element]
            : [];
    for (const child of children as AST.Node[]) stack.push([child, depth]);
  }
  return most;
}

/**
 * Why a pattern can backtrack without bound in a way recheck 4.5.0 calls safe, if it can (see
 * {@link MOST_CHOICES} and {@link MOST_OPTIONAL_RUN}). Linear in the pattern's size. A pattern
 * JavaScript cannot compile with the `u` flag is the caller's to refuse first; one the parser
 * cannot read is not called safe.
 */
export function whyBacktracks(pattern: string): string | undefined {
  if (pattern.length > MOST_PATTERN_LENGTH)
    return `it is longer than ${MOST_PATTERN_LENGTH} characters`;
  let root: AST.Pattern;
  try {
    root = parser.parsePattern(pattern, 0, pattern.length, { unicode: true });
  } catch (error) {
    return `it could not be read to look for backtracking (${(error as Error).message})`;
  }
  if (nesting(root) > MOST_NESTING) return `it nests deeper than ${MOST_NESTING} levels`;

  const empty = new WeakMap<AST.Node, boolean>();
  const canMatchEmpty = (node: AST.Node): boolean => {
    let known = empty.get(node);
    if (known === undefined) {
      known =
        node.type === "Alternative"
          ? node.elements.every(canMatchEmpty)
          : isGroup(node) || node.type === "Pattern"
            ? node.alternatives.some(canMatchEmpty)
            : node.type === "Quantifier"
              ? node.min === 0 || canMatchEmpty(node.element)
              : node.type === "Assertion" || node.type === "Backreference";
      empty.set(node, known);
    }
    return known;
  };
  const firsts = new WeakMap<AST.Node, Ranges>();
  const first = (node: AST.Node) => firstChars(node, canMatchEmpty, firsts);
  // Choices between alternatives that can begin with the same character, each counted as often
  // as the repetitions around it run it.
  let choices = 0;

  // [node, the repetitions around it, multiplied (Infinity when one is unbounded)]
  const stack: [AST.Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, around] = stack.pop()!;
    switch (node.type) {
      case "Pattern":
      case "Group":
      case "CapturingGroup": {
        const sets = node.alternatives.map(first);
        // Under a repetition without bound, recheck's analysis is sound: left to it (the
        // semver pattern's choices are safe there, and would be refused here).
        if (
          around !== Infinity &&
          sets.some((a, i) => sets.slice(i + 1).some((b) => overlap(a, b)))
        ) {
          choices += around;
          if (choices >= MOST_CHOICES)
            return `alternatives that can begin with the same character are tried ${choices} times, repetitions and repeats counted (${MOST_CHOICES} or more)`;
        }
        for (const a of node.alternatives) stack.push([a, around]);
        break;
      }
      case "Assertion":
        if ("alternatives" in node) for (const a of node.alternatives) stack.push([a, 1]);
        break;
      case "Alternative": {
        // One optional part alone is no choice between parts.
        const run = optionalRun(node, canMatchEmpty, first);
        if (run > 1 && around !== Infinity && times(run, around) > MOST_OPTIONAL_RUN)
          return `${run > MOST_OPTIONAL_RUN ? `more than ${MOST_OPTIONAL_RUN}` : run} parts in a row that can match nothing can take the same character${around > 1 ? `, repeated ${count(around)}` : ""} (more than ${MOST_OPTIONAL_RUN})`;
        for (const e of node.elements) stack.push([e, around]);
        break;
      }
      case "Quantifier": {
        const element = node.element;
        const multiplied = around > 1 ? ", repetitions multiplied" : "";
        if (canMatchEmpty(element) && times(around, node.min) >= MOST_CHOICES)
          return `a part that can match nothing is required ${count(times(around, node.min))}${multiplied} (${MOST_CHOICES} or more)`;
        // A part that ends in a repetition of what it begins with: each turn can give characters
        // to the next (`(?:\d{1,3}){16}`); one ending in a separator (`(?:[a-z]+\.)*`) cannot.
        const turns = times(around, node.max);
        if (
          turns >= MOST_CHOICES &&
          turns !== Infinity &&
          givesToNext(element, first(element), canMatchEmpty, first)
        )
          return `a part that ends in a repetition of what it begins with is repeated ${count(turns)}${multiplied} (${MOST_CHOICES} or more)`;
        stack.push([element, node.max > 1 ? turns : around]);
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/**
 * The longest run, in one sequence, of parts that can match nothing, counted where they can take
 * the same character: groups that are not repeated are read through (`(?:a?a?)(?:a?a?)` is four
 * `a?`), and so is an optional group all of whose parts are optional.
 */
function optionalRun(
  alternative: AST.Alternative,
  canMatchEmpty: (n: AST.Node) => boolean,
  first: (n: AST.Node) => Ranges,
): number {
  let most = 0;
  let run: Ranges[] = [];
  const end = () => {
    // Hundreds of optional parts in a row are refused uncounted (counting pairs would be slow).
    most = Math.max(most, run.length > 200 ? run.length : overlapping(run, MOST_OPTIONAL_RUN));
    run = [];
  };
  const visit = (elements: AST.Element[]) => {
    for (const e of elements) {
      const inner = readThrough(e, canMatchEmpty);
      if (inner) visit(inner);
      else if (e.type === "Assertion")
        continue; // consumes nothing, chooses nothing
      else if (canMatchEmpty(e)) run.push(first(e));
      else end();
    }
  };
  visit(alternative.elements);
  end();
  return most;
}

/** The parts of a group read as if they stood in its place, when that changes no choice. */
function readThrough(
  e: AST.Element,
  canMatchEmpty: (n: AST.Node) => boolean,
): AST.Element[] | undefined {
  const group = (n: AST.Node) =>
    isGroup(n) && n.alternatives.length === 1 ? n.alternatives[0]! : undefined;
  const plain = group(e);
  if (plain) return plain.elements;
  if (e.type === "Quantifier" && e.max === 1) {
    const inner = group(e.element);
    if (inner && (e.min === 1 || canMatchEmpty(inner))) return inner.elements;
  }
  return undefined;
}

/**
 * Whether a part ends (its optional tail aside) in a repetition of varying count whose characters
 * `begins` overlaps: then a turn of a repetition of the part can hand characters to the next one.
 */
function givesToNext(
  part: AST.Node,
  begins: Ranges,
  canMatchEmpty: (n: AST.Node) => boolean,
  first: (n: AST.Node) => Ranges,
): boolean {
  const alternatives = isGroup(part) ? part.alternatives : [{ elements: [part] as AST.Element[] }];
  return alternatives.some(({ elements }) => {
    for (let i = elements.length - 1; i >= 0; i--) {
      const e = elements[i]!;
      if (e.type === "Quantifier" && e.max > 1 && e.min !== e.max && overlap(first(e), begins))
        return true;
      if (isGroup(e) && givesToNext(e, begins, canMatchEmpty, first)) return true;
      if (!canMatchEmpty(e)) return false;
    }
    return false;
  });
}
