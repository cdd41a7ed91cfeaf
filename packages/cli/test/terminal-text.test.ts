import { describe, expect, it } from "vitest";
import { oneLine } from "../src/output/terminal-text.js";

describe("oneLine: one line for a person or FILE.failed, whatever the text held", () => {
  // [text, line]
  it.each([
    ["a\tb", "a b"],
    ["a\r\nb\n\nc", "a b c"],
    // Line ends for JavaScript's `/m`, Python's `splitlines()` and some editors.
    ["a\u2028b", "a b"],
    ["a\u2029b", "a b"],
    ["a\u0085b", "a\ufffdb"],
    ["\u001b[31mred\u001b[0m", "red"],
    ["x\u202ey", "x\ufffdy"],
  ])("%j → %j", (text, line) => {
    expect(oneLine(text)).toBe(line);
  });
});
