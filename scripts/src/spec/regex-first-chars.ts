import type { AST } from "@eslint-community/regexpp";

/** Code point ranges, inclusive: what a part of a pattern can begin with. */
export type Ranges = [number, number][];

const ALL: Ranges = [[0, 0x10ffff]];
const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
// JavaScript's \s: WhiteSpace and LineTerminator.
const SPACE: Ranges = [
  [9, 13],
  [32, 32],
  [160, 160],
  [5760, 5760],
  [8192, 8202],
  [8232, 8233],
  [8239, 8239],
  [8287, 8287],
  [12288, 12288],
  [65279, 65279],
];

// `.` without the `s` flag: anything but a line terminator.
const DOT: Ranges = [
  [0, 9],
  [11, 12],
  [14, 8231],
  [8234, 0x10ffff],
];

const sorted = (r: Ranges) => [...r].sort((a, b) => a[0] - b[0]);

/** Everything `r` leaves out. */
function complement(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted(r)) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

function ofSet(node: AST.Node): Ranges {
  switch (node.type) {
    case "Character":
      return [[node.value, node.value]];
    case "CharacterClassRange":
      return [[node.min.value, node.max.value]];
    case "CharacterSet": {
      // `\p{…}` and anything else not spelled out: taken as anything (never called disjoint).
      if (node.kind === "any") return DOT;
      const base =
        node.kind === "digit"
          ? DIGIT
          : node.kind === "word"
            ? WORD
            : node.kind === "space"
              ? SPACE
              : ALL;
      return "negate" in node && node.negate && base !== ALL ? complement(base) : base;
    }
    case "CharacterClass": {
      const inner = (node.elements as AST.Node[]).flatMap(ofSet);
      return node.negate ? complement(inner) : inner;
    }
    default:
      return ALL;
  }
}

/**
 * What a part can begin with (its first consumed character), over-approximated: a part that may
 * match nothing adds what follows it in its sequence; a lookaround, a back-reference or a Unicode
 * property counts as anything. `canMatchEmpty` is the caller's (memoised there).
 */
export function firstChars(
  node: AST.Node,
  canMatchEmpty: (n: AST.Node) => boolean,
  memo = new WeakMap<AST.Node, Ranges>(),
): Ranges {
  const known = memo.get(node);
  if (known) return known;
  const of = (n: AST.Node) => firstChars(n, canMatchEmpty, memo);
  let out: Ranges;
  switch (node.type) {
    case "Alternative": {
      out = [];
      for (const e of node.elements) {
        out.push(...of(e));
        if (!canMatchEmpty(e)) break;
      }
      break;
    }
    case "Group":
    case "CapturingGroup":
    case "Pattern":
      out = node.alternatives.flatMap(of);
      break;
    case "Quantifier":
      out = of(node.element);
      break;
    case "Assertion":
      // `^`, `$`, `\b` consume nothing; a lookaround is read as anything.
      out = node.kind === "lookahead" || node.kind === "lookbehind" ? ALL : [];
      break;
    case "Character":
    case "CharacterClass":
    case "CharacterSet":
      out = ofSet(node);
      break;
    default:
      out = ALL;
  }
  memo.set(node, out);
  return out;
}

/** Whether two sets share a character. */
export function overlap(a: Ranges, b: Ranges): boolean {
  return a.some(([lo, hi]) => b.some(([l, h]) => lo <= h && l <= hi));
}

/**
 * How many of these sets share a character with another of them: each such part is a choice the
 * engine can make for some character (`a?b?` twenty times is forty, though no character is in
 * more than twenty). Past `most`, counting stops.
 */
export function overlapping(sets: Ranges[], most: number): number {
  let n = 0;
  for (let i = 0; i < sets.length && n <= most; i++)
    if (sets.some((other, j) => j !== i && overlap(sets[i]!, other))) n++;
  return n;
}
