import { describe, expect, it } from "vitest";
import {
  MOST_EMPTY_REPEATS,
  MOST_OPTIONAL_PARTS,
  whyBacktracks,
} from "../src/spec/backtracking.js";

// Shapes recheck 4.5.0 calls safe that backtrack without bound in JavaScript (found by the
// seventh session's review; `^(?:\d|\.?){30}$` ran 49.5 s in the mock on 16 characters), and the
// patterns that must still pass.
describe("whyBacktracks", () => {
  const optional = (n: number) => `^${"(?:a|b?)".repeat(n)}$`;
  // [pattern, what the refusal says (undefined: passes)]
  it.each<[string, RegExp | undefined]>([
    ["^(?:\\d|\\.?){30}$", /required 30 times/],
    [`^(?:a?){${MOST_EMPTY_REPEATS}}$`, /required 12 times/],
    [`^(?:a?){${MOST_EMPTY_REPEATS - 1}}$`, undefined],
    // A repetition that may stop early drops an empty turn past its minimum.
    ["^(?:a?){0,30}$", undefined],
    ["^(?:a?){1,30}$", undefined],
    ["^(?:(?:a?){4}){4}$", /required 16 times/],
    // A part that cannot match nothing between them: the counts do not multiply.
    ["^(?:x(?:a?){6}){6}$", undefined],
    ["(?=(?:a?){20})x", /required 20 times/],
    ["^(?:\\s*){12}$", /required 12 times/],
    [optional(MOST_OPTIONAL_PARTS + 1), /17 parts in a row can match nothing/],
    [optional(MOST_OPTIONAL_PARTS), undefined],
    // Assertions are not choices: `^`, `$` and `\b` do not count.
    [`^\\b${"a?".repeat(MOST_OPTIONAL_PARTS)}\\b$`, undefined],
    ["^[a-z0-9_]{1,32}@[a-z]{2,8}$", undefined],
    [
      "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?(Z|[+-]\\d{2}:\\d{2})?$",
      undefined,
    ],
    ["^[\\p{L}\\p{N}_]+$", undefined],
    // Unreadable to the parser: not called safe.
    ["(", /could not be read to look for backtracking/],
  ])("%s", (pattern, refusal) => {
    const why = whyBacktracks(pattern);
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
  });
});
