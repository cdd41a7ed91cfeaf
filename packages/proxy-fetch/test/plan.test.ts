import { describe, expect, it } from "vitest";
import { ProxyConfigError, proxyPlan } from "../src/index.js";
import { secretsOf } from "../src/plan.js";

const urlOf = (scheme: string, env: Record<string, string>) => {
  const plan = proxyPlan(scheme, env);
  return plan && secretsOf(plan).url;
};

describe("proxyPlan: which variable names the proxy for the API's scheme", () => {
  // [scheme, environment, the proxy (or the usage line)]
  it.each<[string, Record<string, string>, string | undefined]>([
    ["https:", {}, undefined],
    ["https:", { HTTPS_PROXY: " " }, undefined],
    ["https:", { HTTPS_PROXY: "http://a:1" }, "http://a:1/"],
    ["https:", { HTTP_PROXY: "http://b:2" }, "http://b:2/"],
    ["https:", { HTTPS_PROXY: "http://a:1", HTTP_PROXY: "http://b:2" }, "http://a:1/"],
    ["http:", { HTTPS_PROXY: "http://a:1", HTTP_PROXY: "http://b:2" }, "http://b:2/"],
    ["https:", { http_proxy: "http://c:3", HTTP_PROXY: "http://b:2" }, "http://c:3/"],
    ["https:", { ALL_PROXY: "http://d:4" }, "http://d:4/"],
    ["https:", { HTTPS_PROXY: "e:5" }, "http://e:5/"],
    ["https:", { HTTPS_PROXY: "HTTPS://F" }, "https://f/"],
    // A variable of another scheme is not read: a curl-style SOCKS ALL_PROXY under HTTPS_PROXY.
    ["https:", { HTTPS_PROXY: "http://a:1", ALL_PROXY: "socks5h://s:1080" }, "http://a:1/"],
    ["https:", { HTTPS_PROXY: "http://a:1/some/path" }, "must name a proxy, with no path"],
    // curl's SOCKS ALL_PROXY (for ssh, git) is theirs: not read, not refused.
    ["https:", { ALL_PROXY: "socks5h://s:1080" }, undefined],
    ["https:", { HTTPS_PROXY: "socks5://s:1080" }, "must be an http(s) proxy URL"],
    // Every host direct: no proxy read, a broken one included.
    ["https:", { HTTPS_PROXY: "ftp://x", NO_PROXY: "*" }, undefined],
    ["https:", { HTTPS_PROXY: "http://u:100%@a:1" }, "whose %-escapes are broken"],
  ])("%s %j", (scheme, env, expected) => {
    if (!expected || expected.includes("://")) expect(urlOf(scheme, env)).toBe(expected);
    else {
      expect(() => proxyPlan(scheme, env)).toThrow(expected);
      expect(() => proxyPlan(scheme, env)).toThrow(ProxyConfigError);
    }
  });
});

describe("proxyPlan: the URL's credentials as Proxy-Authorization", () => {
  // [proxy URL, the credentials the proxy receives (Basic, decoded)]
  it.each<[string, string | undefined]>([
    ["http://a:1", undefined],
    ["http://user:pw@a:1", "user:pw"],
    // undici sends nothing for a user alone: curl sends `token:`, as an access token is given.
    ["http://tok3n@a:1", "tok3n:"],
    ["http://:pw@a:1", ":pw"],
    ["http://us%40er:p%20w%3A@a:1", "us@er:p w:"],
  ])("%s", (url, expected) => {
    const plan = proxyPlan("https:", { HTTPS_PROXY: url })!;
    const { authorization } = secretsOf(plan);
    // The plan itself holds no secret: logged or printed, it shows no password.
    expect(JSON.stringify(plan)).not.toMatch(/pw|tok3n|us@er|Basic/);
    const credentials = authorization?.replace(/^Basic /, "");
    expect(credentials && Buffer.from(credentials, "base64").toString()).toBe(expected);
  });
});
