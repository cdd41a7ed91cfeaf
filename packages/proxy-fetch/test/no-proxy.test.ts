import { describe, expect, it } from "vitest";
import { noProxyRule } from "../src/no-proxy.js";

describe("NO_PROXY as curl reads it: which requests go direct", () => {
  // [NO_PROXY, the request's URL, direct?]
  it.each<[string, string, boolean]>([
    ["", "https://api.keyapi.ai/", false],
    ["*", "https://api.keyapi.ai/", true],
    ["localhost, *", "https://api.keyapi.ai/", true],
    // A name covers itself and every name under it (undici took it as that one host alone).
    ["keyapi.ai", "https://api.keyapi.ai/v1", true],
    ["keyapi.ai", "https://keyapi.ai/", true],
    [".keyapi.ai", "https://api.keyapi.ai/", true],
    [".keyapi.ai", "https://keyapi.ai/", true],
    ["*.keyapi.ai", "https://api.keyapi.ai/", true],
    ["keyapi.ai", "https://notkeyapi.ai/", false],
    ["keyapi.ai", "https://keyapi.ai.evil.example/", false],
    ["api.keyapi.ai", "https://keyapi.ai/", false],
    // Case, a trailing dot, commas and spaces.
    ["KeyAPI.AI", "https://API.keyapi.ai./", true],
    ["a.example , keyapi.ai\tb.example", "https://api.keyapi.ai/", true],
    ["a.example,,b.example", "https://api.keyapi.ai/", false],
    // A port: that port alone, the scheme's default counting.
    ["api.keyapi.ai:443", "https://api.keyapi.ai/", true],
    ["api.keyapi.ai:8443", "https://api.keyapi.ai/", false],
    ["api.keyapi.ai:8443", "https://api.keyapi.ai:8443/", true],
    ["api.keyapi.ai:80", "http://api.keyapi.ai/", true],
    // Addresses and ranges in CIDR (undici ignored ranges).
    ["10.0.0.0/8", "https://10.20.30.40/", true],
    ["10.0.0.0/8", "https://11.0.0.1/", false],
    ["192.168.1.0/24", "https://192.168.1.255/", true],
    ["192.168.1.0/24", "https://192.168.2.1/", false],
    ["0.0.0.0/0", "https://8.8.8.8/", true],
    ["10.1.2.3", "https://10.1.2.3/", true],
    ["10.1.2.3", "https://10.1.2.4/", false],
    ["10.1.2.3:8080", "http://10.1.2.3:8080/", true],
    ["10.1.2.3:8080", "http://10.1.2.3/", false],
    ["fd00::/8", "https://[fd12:3456::1]/", true],
    ["fd00::/8", "https://[fe80::1]/", false],
    ["::1", "https://[::1]/", true],
    ["[::1]", "https://[0:0::1]/", true],
    ["[2001:db8::1]:8443", "https://[2001:db8::1]:8443/", true],
    ["[2001:db8::1]:8443", "https://[2001:db8::1]/", false],
    // A range covers addresses, never a name (names are not resolved, as in curl).
    ["10.0.0.0/8", "https://api.keyapi.ai/", false],
    ["api.keyapi.ai", "https://10.0.0.1/", false],
    // What no tool reads is ignored, as curl ignores it: the rest still counts.
    ["10.0.0.0/33, keyapi.ai", "https://10.0.0.1/", false],
    ["10.0.0.0/33, keyapi.ai", "https://api.keyapi.ai/", true],
    ["not-an-ip/8", "https://not-an-ip/", false],
    [".", "https://api.keyapi.ai/", false],
    // Spelled as a URL spells it: a Unicode name, a port with a leading zero, a short address.
    ["bücher.example", "https://xn--bcher-kva.example/", true],
    ["bücher.example", "https://bücher.example/", true],
    ["xn--bcher-kva.example", "https://BÜCHER.example/", true],
    ["api.keyapi.ai:0443", "https://api.keyapi.ai/", true],
    ["10.1", "https://10.0.0.1/", true],
    ["0x0a.0.0.1", "https://10.0.0.1/", true],
    ["::ffff:10.0.0.1", "https://[::ffff:10.0.0.1]/", true],
  ])("NO_PROXY=%j, %s → direct %s", (value, url, direct) => {
    expect(noProxyRule(value)(new URL(url))).toBe(direct);
  });
});
