import { describe, expect, it } from "vitest";
import { browserRefusal, type BrowserFacts } from "../src/core/browser.js";

describe("who may create a client in a browser (pure rule; the real browser is in packages/browser-tests)", () => {
  // [case, browser, a key, KeyAPI's own host, dangerouslyAllowBrowser, refused with]
  it.each<[string, boolean, boolean, boolean, boolean, RegExp | undefined]>([
    ["a server runtime, key and vendor host", false, true, true, false, undefined],
    [
      "a server runtime, no key, vendor host (the call fails later, with 401)",
      false,
      false,
      true,
      false,
      undefined,
    ],
    [
      "a browser with a key in the page",
      true,
      true,
      false,
      false,
      /visible to everyone who opens the page/,
    ],
    ["a browser with a key, calling KeyAPI itself", true, true, true, false, /visible to everyone/],
    [
      "a browser, no key, KeyAPI itself",
      true,
      false,
      true,
      false,
      /calling KeyAPI needs a key in the page/,
    ],
    [
      "the proxy pattern: a browser, no key, the team's backend",
      true,
      false,
      false,
      false,
      undefined,
    ],
    ["a browser with a key and the flag", true, true, true, true, undefined],
  ])("%s", (_case, browser, hasKey, vendorHost, dangerouslyAllowBrowser, refused) => {
    const facts: BrowserFacts = { browser, hasKey, vendorHost, dangerouslyAllowBrowser };
    const why = browserRefusal(facts);
    if (!refused) return expect(why).toBeUndefined();
    expect(why).toMatch(refused);
    // Every refusal names the flag and the safer way.
    expect(why).toMatch(/dangerouslyAllowBrowser: true/);
    expect(why).toMatch(/Point `baseUrl` at your own backend/);
  });
});
