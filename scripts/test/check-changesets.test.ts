import { describe, expect, it } from "vitest";
import { bumpsIn, missingBumps } from "../src/spec-update/check-changesets.js";
import { PUBLISHED } from "../src/spec-update/changeset.js";

const cs = (lines: string[]) => `---\n${lines.join("\n")}\n---\n\nsummary\n`;
// Every published package (the changesets fixed group).
const ALL = PUBLISHED;

describe("breaking spec changes need a major changeset", () => {
  it.each([
    ["no change needs nothing", "none", [], []],
    ["a breaking change with no changeset", "major", [], ALL],
    [
      "a breaking change with only a minor one",
      "major",
      [cs(ALL.map((p) => `"${p}": minor`))],
      ALL,
    ],
    ["a breaking change with majors for all", "major", [cs(ALL.map((p) => `"${p}": major`))], []],
    [
      "majors split across two files",
      "major",
      [
        cs(ALL.slice(0, 2).map((p) => `"${p}": major`)),
        cs(ALL.slice(2).map((p) => `'${p}': major`)),
      ],
      [],
    ],
    ["one package left out", "major", [cs(ALL.slice(1).map((p) => `"${p}": major`))], [ALL[0]]],
    ["an additive change with a patch", "minor", [cs(ALL.map((p) => `"${p}": patch`))], ALL],
  ])("%s", (_name, required, files, missing) => {
    expect(missingBumps(required as "major", files as string[])).toEqual(missing);
  });

  it("reads the highest bump per package", () => {
    expect(bumpsIn([cs(['"a": patch']), cs(['"a": major', '"b": minor'])])).toEqual(
      new Map([
        ["a", "major"],
        ["b", "minor"],
      ]),
    );
  });
});
