import { describe, expect, it } from "vitest";
import { hideKeys, withoutUnknownValue } from "../src/output/key-shaped.js";
import { runCli } from "./support.js";

// A key typed into the wrong flag is not quoted back: the refusal names the flag, not the value.

const TYPED = "sk_live_TYPED_0123456789abcdef";

describe("hideKeys", () => {
  // [text, the key the run was given, what is said]
  it.each<[string, string | undefined, string]>([
    [`got "${TYPED}"`, undefined, `got "[redacted]"`],
    [`argument '${TYPED}' is invalid`, undefined, `argument '[redacted]' is invalid`],
    [`${TYPED.toUpperCase()} is not an operation`, undefined, "[redacted] is not an operation"],
    ["sk_test_abc, and sk_live_x;", undefined, "[redacted], and [redacted];"],
    ["ask_live_x is a word", undefined, "ask_live_x is a word"],
    ["a key of another shape: Key-12345678", "key-12345678", "a key of another shape: [redacted]"],
    ["a key of regex characters: a+b(c)*d.", "a+b(c)*d.", "a key of regex characters: [redacted]"],
    ["a short key is no key: x marks", "x", "a short key is no key: x marks"],
    ["nothing to hide", "", "nothing to hide"],
  ])("%s", (text, key, said) => {
    expect(hideKeys(text, key)).toBe(said);
  });
});

describe("withoutUnknownValue", () => {
  it.each([
    ["error: unknown option '--api-key=abc'", "error: unknown option '--api-key=…'"],
    ["error: unknown option '--api-key'", "error: unknown option '--api-key'"],
    [
      "error: option '--x <v>' argument 'a=b' is invalid",
      "error: option '--x <v>' argument 'a=b' is invalid",
    ],
  ])("%s", (text, said) => {
    expect(withoutUnknownValue(text)).toBe(said);
  });
});

describe("end to end: a key in the wrong flag is refused without being quoted", () => {
  // [args, what stays of the refusal]
  it.each<[string[], RegExp]>([
    [[`--api-key=${TYPED}`, "reviews", "1"], /^error: unknown option '--api-key=…'$/],
    [["--api-key=plainsecret", "reviews", "1"], /^error: unknown option '--api-key=…'$/],
    [
      ["reviews", "1", "--base-url", TYPED],
      /^keyapi-tiktok: --base-url must be an http\(s\) URL, got "\[redacted\]"$/,
    ],
    [["reviews", "1", "--redis-url", TYPED], /^keyapi-tiktok: --redis-url .* got "\[redacted\]"$/],
    [
      ["--timeout", TYPED, "reviews", "1"],
      /^error: option '--timeout <seconds>' argument '\[redacted\]' is invalid/,
    ],
    [
      ["call", "/v1/tiktok/product/reviews/analytics", "-q", TYPED],
      /^keyapi-tiktok: --query expects key=value, got "\[redacted\]"$/,
    ],
    [["call", TYPED], /^keyapi-tiktok: \[redacted\] is not an operation of the spec/],
    [[TYPED], /^error: unknown command '\[redacted\]'$/],
    [
      ["--debug", "reviews", "1", "--base-url", TYPED],
      /^keyapi-tiktok: --base-url must be an http\(s\) URL/,
    ],
  ])("%j", { timeout: 30_000 }, async (args, said) => {
    const run = await runCli(args, { KEYAPI_API_KEY: "sk_test_cli" });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.split("\n")[0]).toMatch(said);
    expect(run.stdout + run.stderr).not.toMatch(/TYPED|plainsecret/i);
  });

  it("the run's own key, of any shape, typed into a flag", { timeout: 30_000 }, async () => {
    const key = "Acme-Key-7f3a9c1e";
    const run = await runCli(["reviews", "1", "--base-url", key], { KEYAPI_API_KEY: key });
    expect([run.code, run.stderr]).toEqual([
      2,
      'keyapi-tiktok: --base-url must be an http(s) URL, got "[redacted]"\n',
    ]);
  });
});
