import { describe, expect, it } from "vitest";
import { parseExact, quoteBigIntegers } from "../src/core/big-integers.js";

const BIG = "7312345678901234567"; // 19 digits, past 2^53: JSON.parse would round it

describe("quoteBigIntegers: bare integers past 2^53 become strings of their exact digits", () => {
  // [name, given JSON text, want JSON text]
  it.each([
    ["a big id", `{"review_id":${BIG}}`, `{"review_id":"${BIG}"}`],
    ["a negative big integer", `{"n":-${BIG}}`, `{"n":"-${BIG}"}`],
    ["MAX_SAFE_INTEGER stays a number", `[9007199254740991]`, `[9007199254740991]`],
    ["-MAX_SAFE_INTEGER stays a number", `[-9007199254740991]`, `[-9007199254740991]`],
    // 2^53 is exact, but 2^53 + 1 parses to it too: both must be strings to stay apart.
    ["2^53", `[9007199254740992]`, `["9007199254740992"]`],
    ["2^53 + 1", `[9007199254740993]`, `["9007199254740993"]`],
    ["17 digits always exceed 2^53", `[10000000000000000]`, `["10000000000000000"]`],
    ["16 digits below 2^53", `[1000000000000000]`, `[1000000000000000]`],
    ["digits inside a string are untouched", `{"id":"${BIG}"}`, `{"id":"${BIG}"}`],
    ["an escaped quote inside a string", `{"s":"a\\" ${BIG} \\"b"}`, `{"s":"a\\" ${BIG} \\"b"}`],
    [
      "an escaped backslash ends before the quote",
      `{"s":"a\\\\","n":${BIG}}`,
      `{"s":"a\\\\","n":"${BIG}"}`,
    ],
    ["a key made of digits", `{"${BIG}":${BIG}}`, `{"${BIG}":"${BIG}"}`],
    ["a decimal is untouched", `[${BIG}.5]`, `[${BIG}.5]`],
    [
      "an exponent is untouched",
      `[${BIG}e2, ${BIG}E-2, 1e${BIG}]`,
      `[${BIG}e2, ${BIG}E-2, 1e${BIG}]`,
    ],
    ["a long fraction is untouched", `[0.${BIG}]`, `[0.${BIG}]`],
    [
      "nested arrays and objects",
      `{"a":[{"b":[${BIG},1]},${BIG}1],"c":{"d":${BIG}}}`,
      `{"a":[{"b":["${BIG}",1]},"${BIG}1"],"c":{"d":"${BIG}"}}`,
    ],
    [
      "whitespace around",
      `{ "a" :\n\t${BIG} ,\r\n "b": [ ${BIG} ] }`,
      `{ "a" :\n\t"${BIG}" ,\r\n "b": [ "${BIG}" ] }`,
    ],
    ["small numbers and literals", `[1,-2,0,true,null,"x"]`, `[1,-2,0,true,null,"x"]`],
    [
      "unicode escapes in a string",
      `{"s":"\\u0022${BIG}","n":${BIG}}`,
      `{"s":"\\u0022${BIG}","n":"${BIG}"}`,
    ],
  ])("%s", (_name, given, want) => {
    expect(quoteBigIntegers(given)).toBe(want);
    // Always still JSON, and every big integer kept its digits.
    expect(JSON.parse(quoteBigIntegers(given))).toEqual(JSON.parse(want));
  });
});

describe("parseExact: parsed once; rewritten only when a number past 2^53 is in it", () => {
  // [name, given, the text after, parsed]
  it.each<[string, string, string, unknown]>([
    ["an envelope with a big id", `{"data":[${BIG}]}`, `{"data":["${BIG}"]}`, { data: [BIG] }],
    ["leading whitespace", ` \n[${BIG}]`, ` \n["${BIG}"]`, [BIG]],
    [
      "a negative one, nested",
      `{"a":{"b":[[-${BIG}]]}}`,
      `{"a":{"b":[["-${BIG}"]]}}`,
      { a: { b: [[`-${BIG}`]] } },
    ],
    [
      "big ids as strings only (the spec's shape)",
      `{"data":[{"id":"${BIG}"}]}`,
      `{"data":[{"id":"${BIG}"}]}`,
      { data: [{ id: BIG }] },
    ],
    ["after a comma", `{"a":1,"b":${BIG}}`, `{"a":1,"b":"${BIG}"}`, { a: 1, b: BIG }],
    ["the largest safe integer", `[9007199254740991]`, `[9007199254740991]`, [9007199254740991]],
    ["the smallest unsafe one", `[9007199254740992]`, `["9007199254740992"]`, ["9007199254740992"]],
    // A float that large sends the text to the rewrite, which leaves floats as they are.
    [
      "a large float stays a number",
      `{"x":1e20,"y":12345678901234567.5}`,
      `{"x":1e20,"y":12345678901234567.5}`,
      { x: 1e20, y: 12345678901234567.5 },
    ],
    ["a bare number body is not an envelope", BIG, BIG, Number(BIG)],
  ])("%s", (_name, given, text, json) => expect(parseExact(given)).toEqual({ text, json }));

  it.each([
    ["HTML", `<p>order ${BIG}</p>`],
    ["empty", ""],
    ["cut off", `{"data":[${BIG}`],
  ])("%s is not JSON: the parser's error, the text as it came", (_name, given) => {
    const parsed = parseExact(given);
    expect(parsed.text).toBe(given);
    expect(parsed.syntaxError).toBeInstanceOf(SyntaxError);
  });

  it("nesting deeper than a recursive walk could go (V8's JSON.parse takes it)", () => {
    const deep = "[".repeat(200_000) + BIG + "]".repeat(200_000);
    expect(parseExact(deep).text).toBe("[".repeat(200_000) + `"${BIG}"` + "]".repeat(200_000));
  });
});
