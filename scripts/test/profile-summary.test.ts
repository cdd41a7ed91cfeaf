import { describe, expect, it } from "vitest";
import { summarizeProfile, type CpuProfile } from "../src/bench/profile-summary.js";

// root → main → parse; main → send → send (recursion)
const frame = (id: number, functionName: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url: "file:///x/dist/index.js", lineNumber: id },
  children,
});
const nodes = [
  frame(1, "(root)", [2]),
  frame(2, "main", [3, 4]),
  frame(3, "parse"),
  frame(4, "send", [5]),
  { ...frame(5, "send"), callFrame: frame(4, "send").callFrame },
];

describe("summarizeProfile", () => {
  // [case, samples (node ids), their time deltas, [function, self share, inclusive share][]]
  it.each<[string, number[], number[], [string, number, number][]]>([
    [
      "self and inclusive over a tree",
      [3, 3, 2, 4],
      [10, 10, 10, 10],
      [
        ["parse dist/index.js:3", 0.5, 0.5],
        ["main dist/index.js:2", 0.25, 1],
        ["send dist/index.js:4", 0.25, 0.25],
      ],
    ],
    [
      "a recursing function counted once per sample",
      [5, 5],
      [5, 15],
      [
        ["send dist/index.js:4", 1, 1],
        ["main dist/index.js:2", 0, 1],
      ],
    ],
    ["time deltas weigh samples", [3, 2], [30, 10], [["parse dist/index.js:3", 0.75, 0.75]]],
  ])("%s", (_case, samples, timeDeltas, want) => {
    const { self, inclusive } = summarizeProfile({ nodes, samples, timeDeltas } as CpuProfile);
    const share = (rows: [string, number][], name: string) =>
      rows.find(([n]) => n === name)?.[1] ?? 0;
    for (const [name, s, i] of want) {
      expect(share(self, name)).toBeCloseTo(s);
      expect(share(inclusive, name)).toBeCloseTo(i);
    }
    // Ranked, largest first.
    expect(self.map(([, v]) => v)).toEqual([...self.map(([, v]) => v)].sort((a, b) => b - a));
  });
});
