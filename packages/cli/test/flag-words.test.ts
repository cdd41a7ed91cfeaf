import { InvalidParamsError } from "@keyapi-tiktok/client";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/exit-codes.js";
import { inFlagWords } from "../src/export/flag-words.js";

const FLAGS = { page_size: "--page-size" };
const refused = (...params: string[]) =>
  new InvalidParamsError(params.map((param) => ({ param, message: `${param} is wrong` })));

describe("a refused parameter said by the flag the user typed", () => {
  // [case, the error, what comes out: a UsageError's message, or "as it was"]
  it.each<[string, unknown, string]>([
    ["the flag's parameter", refused("page_size"), "--page-size: page_size is wrong"],
    [
      "with another, each by its own name",
      refused("page_num", "page_size"),
      "page_num: page_num is wrong; --page-size: page_size is wrong",
    ],
    ["a parameter no flag set (call's -q)", refused("page_num"), "as it was"],
    ["no parameter error at all", new Error("ECONNRESET"), "as it was"],
    ["a name the object inherits, not a flag", refused("toString"), "as it was"],
  ])("%s", (_case, error, expected) => {
    const out = inFlagWords(error, FLAGS);
    if (expected === "as it was") return expect(out).toBe(error);
    expect(out).toBeInstanceOf(UsageError);
    expect((out as Error).message).toBe(expected);
    expect((out as Error).cause).toBe(error);
  });
});
