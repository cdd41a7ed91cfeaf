import { describe, expect, it } from "vitest";
import { createProxyFetch } from "../src/index.js";

describe("createProxyFetch's tunnelTimeoutMs", () => {
  // 0 is no bound at all to undici, and a timer past 2^31 − 1 ms fires at once.
  it.each<[unknown]>([[0], [-1], [1.5], [NaN], [Infinity], [2 ** 31], ["300"]])(
    "%s: a TypeError naming the option, before anything is opened",
    async (value) => {
      await expect(createProxyFetch({ env: {}, tunnelTimeoutMs: value as number })).rejects.toThrow(
        /^createProxyFetch: tunnelTimeoutMs must be a whole number of milliseconds from 1 to 2147483647, got /,
      );
    },
  );

  // A value of another type is shown as such: "got 1000" for "1000" read as a wrong number.
  it.each<[unknown, string]>([
    [0, "got 0"],
    ["1000", 'got the string "1000"'],
    [[5000], 'got the object "5000"'],
    [5n, 'got the bigint "5"'],
  ])("%s is shown by its type", async (value, said) => {
    await expect(createProxyFetch({ env: {}, tunnelTimeoutMs: value as number })).rejects.toThrow(
      new RegExp(`, ${said}$`),
    );
  });

  it.each([[1], [2 ** 31 - 1], [undefined]])("%s: taken", async (value) => {
    const proxy = await createProxyFetch({ env: {}, tunnelTimeoutMs: value });
    expect(proxy.plan).toBeUndefined();
    await proxy.close();
  });
});
