import { describe, expect, it } from "vitest";
import { budgetGroups } from "../src/export/page-budgets.js";

describe("budgetGroups: the walks of a pull of many, by the pages each entity has left", () => {
  // [case, each entity's next page (0 done, -1 failed), first page, --pages, the walks]
  it.each<[string, number[], number, number | undefined, ReturnType<typeof budgetGroups>]>([
    ["a new pull, --all", [1, 1, 1], 1, undefined, [{ maxPages: undefined, entities: [0, 1, 2] }]],
    ["a new pull, --pages 2", [1, 1], 1, 2, [{ maxPages: 2, entities: [0, 1] }]],
    ["done and failed entities are not walked", [0, -1, 1], 1, 1, [{ maxPages: 1, entities: [2] }]],
    [
      "--all resumed: each from its next page",
      [3, 1, 0],
      1,
      undefined,
      [{ maxPages: undefined, entities: [0, 1] }],
    ],
    [
      "--pages 3 resumed mid-way: what each has left",
      [1, 3, 2, 1],
      1,
      3,
      [
        { maxPages: 3, entities: [0, 3] },
        { maxPages: 2, entities: [2] },
        { maxPages: 1, entities: [1] },
      ],
    ],
    [
      "an entity past its budget (--pages lowered since) is done",
      [4, 1],
      1,
      2,
      [{ maxPages: 2, entities: [1] }],
    ],
    [
      "counted from the first page asked (page_num 5)",
      [5, 7],
      5,
      3,
      [
        { maxPages: 3, entities: [0] },
        { maxPages: 1, entities: [1] },
      ],
    ],
    ["nothing left", [0, -1], 1, 2, []],
  ])("%s", (_name, next, first, maxPages, walks) => {
    expect(budgetGroups(next, first, maxPages)).toEqual(walks);
  });
});
