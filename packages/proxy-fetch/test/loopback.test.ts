import { describe, expect, it } from "vitest";
import { isLoopback } from "../src/index.js";

describe("isLoopback: the hosts that are this machine, never sent to a proxy", () => {
  // [URL, this machine?] — read through the URL parser, as every caller reads a host
  it.each<[string, boolean]>([
    ["http://localhost:1/", true],
    ["http://LOCALHOST./", true],
    ["http://api.localhost/", true],
    ["http://127.0.0.1/", true],
    ["http://127.1/", true],
    ["http://0x7f.1/", true],
    ["http://2130706433/", true],
    ["http://127.255.255.254/", true],
    ["http://0.0.0.0/", true],
    ["http://[::1]/", true],
    ["http://[0:0::1]/", true],
    ["http://[::]/", true],
    ["http://[::ffff:127.0.0.1]/", true],
    ["http://[::ffff:127.9.9.9]/", true],
    ["http://[::ffff:0.0.0.0]/", true],
    ["http://128.0.0.1/", false],
    ["http://10.0.0.1/", false],
    ["http://[::2]/", false],
    ["http://[::ffff:10.0.0.1]/", false],
    ["http://localhost.example/", false],
    ["http://notlocalhost/", false],
    ["https://api.keyapi.ai/", false],
  ])("%s → %s", (url, expected) => {
    expect(isLoopback(new URL(url).hostname)).toBe(expected);
  });
});
