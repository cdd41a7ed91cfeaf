import { describe, expect, it } from "vitest";
import { exactIntegers, quoteBigIntegers } from "../src/core/big-integers.js";

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

describe("exactIntegers: only JSON bodies with a 16-digit run are scanned", () => {
  // [name, given, want]
  it.each([
    ["an envelope with a big id", `{"data":[${BIG}]}`, `{"data":["${BIG}"]}`],
    ["leading whitespace", ` \n[${BIG}]`, ` \n["${BIG}"]`],
    [
      "big ids as strings only (the spec's shape)",
      `{"data":[{"id":"${BIG}"}]}`,
      `{"data":[{"id":"${BIG}"}]}`,
    ],
    ["after a comma", `{"a":1,"b":${BIG}}`, `{"a":1,"b":"${BIG}"}`],
    ["no 16-digit run", `{"data":[123456789012345]}`, `{"data":[123456789012345]}`],
    ["HTML is left as it came", `<p>order ${BIG}</p>`, `<p>order ${BIG}</p>`],
    ["a bare number body is not an envelope", BIG, BIG],
    ["empty", "", ""],
  ])("%s", (_name, given, want) => expect(exactIntegers(given)).toBe(want));
});
