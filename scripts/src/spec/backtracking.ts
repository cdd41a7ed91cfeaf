import { RegExpParser, type AST } from "@eslint-community/regexpp";

/**
 * The least number of times a part that can match nothing may be required before a pattern is
 * refused: JavaScript stops a repetition that matched nothing only past its minimum, so below it
 * the engine tries every way of spreading the text over the parts. `^(?:a?){24}$` took 0.55 s on
 * 13 characters, `^(?:\d|\.?){30}$` 4.4 s on 11 (Node 20, 2026-12-01); `{12}` is under a
 * millisecond.
 */
export const MOST_EMPTY_REPEATS = 12;
/**
 * The most parts that can match nothing one sequence may hold: each is one more way to place a
 * character. Forty `(?:a|b?)` in a row never finished; 24 took 0.34 s on 13 characters, 16 took
 * 2 ms.
 */
export const MOST_OPTIONAL_PARTS = 16;

const parser = new RegExpParser({ ecmaVersion: 2024 });

/** Whether a node can match the empty string. */
function canMatchEmpty(node: AST.Node): boolean {
  switch (node.type) {
    case "Alternative":
      return node.elements.every(canMatchEmpty);
    case "Group":
    case "CapturingGroup":
    case "Pattern":
      return node.alternatives.some(canMatchEmpty);
    case "Quantifier":
      return node.min === 0 || canMatchEmpty(node.element);
    case "Assertion":
    case "Backreference":
      return true;
    default:
      return false;
  }
}

/**
 * Why a pattern can backtrack without bound in a way recheck 4.5.0 calls safe, if it can: a part
 * that can match nothing, required many times (`^(?:\d|\.?){30}$`, nested counts multiplied), or
 * a sequence of many such parts (forty `(?:a|b?)`). A pattern JavaScript cannot compile with the
 * `u` flag is the caller's to refuse first.
 */
export function whyBacktracks(pattern: string): string | undefined {
  let root: AST.Pattern;
  try {
    root = parser.parsePattern(pattern, 0, pattern.length, { unicode: true });
  } catch (error) {
    // JavaScript took it (the caller checks first), the parser did not: unknown is not safe.
    return `it could not be read to look for backtracking (${(error as Error).message})`;
  }
  // [node, how many times the enclosing empty-capable repetitions require it]
  const stack: [AST.Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, times] = stack.pop()!;
    switch (node.type) {
      case "Pattern":
      case "Group":
      case "CapturingGroup":
        for (const a of node.alternatives) stack.push([a, times]);
        break;
      case "Assertion":
        // A lookaround holds a pattern of its own; `^`, `$` and `\b` hold nothing.
        if ("alternatives" in node) for (const a of node.alternatives) stack.push([a, 1]);
        break;
      case "Alternative": {
        // An assertion matches nothing one way only: not a choice.
        const optional = node.elements.filter(
          (e) => e.type !== "Assertion" && e.type !== "Backreference" && canMatchEmpty(e),
        ).length;
        if (optional > MOST_OPTIONAL_PARTS)
          return `${optional} parts in a row can match nothing (more than ${MOST_OPTIONAL_PARTS})`;
        for (const e of node.elements) stack.push([e, times]);
        break;
      }
      case "Quantifier": {
        if (!canMatchEmpty(node.element)) {
          stack.push([node.element, 1]);
          break;
        }
        const required = times * node.min;
        if (required >= MOST_EMPTY_REPEATS)
          return `a part that can match nothing is required ${required} times (${MOST_EMPTY_REPEATS} or more)`;
        stack.push([node.element, Math.max(required, 1)]);
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
