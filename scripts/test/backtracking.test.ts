import { describe, expect, it } from "vitest";
import {
  MOST_CHOICES,
  MOST_NESTING,
  MOST_OPTIONAL_RUN,
  MOST_PATTERN_LENGTH,
  whyBacktracks,
} from "../src/spec/backtracking.js";

// Shapes recheck 4.5.0 calls safe that backtrack for seconds in JavaScript (found by the seventh
// and eighth sessions' reviews), and patterns a vendor's spec holds that must still pass.
describe("whyBacktracks", () => {
  const optional = (n: number) => `^${"(?:a|b?)".repeat(n)}$`;
  // [pattern, what the refusal says (undefined: passes)]
  it.each<[string, RegExp | undefined]>([
    // A part that can match nothing, required many times (an outer repetition multiplies).
    ["^(?:\\d|\\.?){30}$", /can match nothing is required 30 times \(12/],
    [`^(?:a?){${MOST_CHOICES}}$`, /required 12 times/],
    [`^(?:a?){${MOST_CHOICES - 1}}$`, undefined],
    // A repetition that may stop early drops an empty turn past its minimum.
    ["^(?:a?){0,30}$", undefined],
    ["^(?:a?){1,30}$", undefined],
    ["^(?:(?:a?){4}){4}$", /required 16 times, repetitions multiplied/],
    ["^(?:x(?:a?){6}){6}$", /required 36 times, repetitions multiplied/],
    ["(?=(?:a?){20})x", /required 20 times/],
    ["^(?:\\s*){12}$", /required 12 times/],
    // Alternatives that can begin with the same character, repeated.
    ["^(?:\\w|\\d){28}$", /begin with the same character are tried 28 times/],
    ["^(?:\\d|[0-9]){1,30}$", /tried 30 times/],
    ["^(?:a|a){30}$", /tried 30 times/],
    ["^(?:x(?:a|a){4}){4}$", /tried 16 times/],
    ["^(?:(?:\\w|\\d)){28}$", /tried 28 times/],
    [`^${"(?:\\w|\\d)".repeat(28)}$`, /tried 12 times/],
    // A part ending in a repetition of what it begins with hands characters to the next turn.
    ["^(?:\\d{1,3}){16}$", /ends in a repetition of what it begins with is repeated 16 times/],
    ["^(?:\\d{1,5}){20}$", /repeated 20 times/],
    ["^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.){1,20}[a-z]{2,}$", undefined],
    ["^(?:a|b)*$", undefined],
    ["^(?:[a-z]|\\d|-){1,64}$", undefined],
    ['^(?:[^"\\\\]|\\\\.)*$', undefined],
    // Optional parts one after another that can take the same character.
    [optional(MOST_OPTIONAL_RUN + 1), /more than 20 parts in a row that can match nothing/],
    [optional(MOST_OPTIONAL_RUN), undefined],
    [`^${"(?:a?a?a?a?a?a?a?a?)".repeat(4)}$`, /more than 20 parts in a row/],
    [`^\\b${"a?".repeat(MOST_OPTIONAL_RUN)}\\b$`, undefined],
    // Each letter in only twenty parts, but a hundred choices in all.
    [`^${"a?b?c?d?e?".repeat(20)}$`, /more than 20 parts in a row/],
    // Optional parts that begin with different characters are no choice between them.
    [
      "^(\\d{4})-?(\\d{2})?-?(\\d{2})?T?(\\d{2})?:?(\\d{2})?:?(\\d{2})?\\.?(\\d+)?(Z)?([+-])?(\\d{2})?:?(\\d{2})?$",
      undefined,
    ],
    [`^\\s*-?\\d+(\\.\\d+)?\\s*${",\\s*-?\\d+(\\.\\d+)?\\s*".repeat(5)}$`, undefined],
    ["^(?:,\\s?[a-z]+)*$", undefined],
    // What specs hold.
    ["^[a-z0-9_]{1,32}@[a-z]{2,8}$", undefined],
    [
      "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?(Z|[+-]\\d{2}:\\d{2})?$",
      undefined,
    ],
    ["^[\\p{L}\\p{N}_]+$", undefined],
    ["^(\\+\\d{1,3}\\s?)?\\(?\\d{3}\\)?[\\s.-]?\\d{3}[\\s.-]?\\d{4}$", undefined],
    [
      "^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$",
      undefined,
    ],
    ["^#(?:[0-9a-fA-F]{3}){1,2}$", undefined],
    // Without bound, recheck's analysis is sound (these are called safe there, and are).
    [
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$",
      undefined,
    ],
    ['^"(?:[^"\\\\\\u0000-\\u001f]|\\\\["\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*"$', undefined],
    ["^(?:[^&<>]|&amp;|&lt;|&gt;|&quot;)*$", undefined],
    ["^(?:.|\\n)*$", undefined],
    // Too large or too deep to look into (the parser and a recursive walk ran out of stack).
    ["a".repeat(MOST_PATTERN_LENGTH + 1), /longer than 10000 characters/],
    [`${"(?:".repeat(MOST_NESTING + 1)}a${")".repeat(MOST_NESTING + 1)}`, /nests deeper than 100/],
    [`${"(?:".repeat(1400)}a${"){1}".repeat(1400)}`, /nests deeper than 100/],
    // Unreadable to the parser: not called safe.
    ["(", /could not be read to look for backtracking/],
  ])("%s", (pattern, refusal) => {
    const why = whyBacktracks(pattern);
    if (refusal) expect(why).toMatch(refusal);
    else expect(why).toBeUndefined();
  });

  it("takes a large, nested pattern of plain parts", () => {
    // Under the length limit, groups of sixteen, three deep: each part is read once (memoised).
    const tree = (h: number): string => (h ? `(?:${tree(h - 1).repeat(16)})` : "b");
    const pattern = `^${tree(3)}$`;
    expect(pattern.length).toBeLessThan(MOST_PATTERN_LENGTH);
    expect(whyBacktracks(pattern)).toBeUndefined();
  });
});
