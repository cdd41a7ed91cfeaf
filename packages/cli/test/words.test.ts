import {
  CreditBudgetExceededError,
  TimeoutError,
  type KeyApiErrorReason,
} from "@keyapi-tiktok/client";
import { describe as suite, expect, it } from "vitest";
import { describe, wordsOf, type WordsContext } from "../src/exit-codes.js";

const maxCredits = (n: number) =>
  Object.assign(
    new CreditBudgetExceededError("would exceed maxCredits", {
      reason: "max-credits" satisfies KeyApiErrorReason,
    }),
    { maxCredits: n },
  );

suite("an error in the CLI's words: its flags, never the library's options", () => {
  // [case, error, the run's flags, wordsOf, describe]
  it.each<[string, unknown, WordsContext, string, string]>([
    [
      "a timeout, --timeout given",
      new TimeoutError("no complete response within 5000 ms (timeoutMs)"),
      { timeout: 5 },
      "no complete response within 5 s (--timeout)",
      "TimeoutError: no complete response within 5 s (--timeout)",
    ],
    [
      "a timeout, the default",
      new TimeoutError("no complete response within 30000 ms (timeoutMs)"),
      {},
      "no complete response within 30 s (--timeout)",
      "TimeoutError: no complete response within 30 s (--timeout)",
    ],
    [
      "a budget reached",
      maxCredits(5),
      {},
      "--max-credits 5 reached: request not sent",
      "CreditBudgetExceededError: --max-credits 5 reached: request not sent",
    ],
    [
      "anything else, as it said",
      new Error("EACCES: out.csv"),
      {},
      "EACCES: out.csv",
      "EACCES: out.csv",
    ],
    ["not an Error", "plain", {}, "plain", "plain"],
  ])("%s", (_case, error, context, words, line) => {
    expect(wordsOf(error, context)).toBe(words);
    expect(describe(error, context)).toBe(line);
  });
});
