import { afterEach, describe, expect, it, vi } from "vitest";
import { createProxyFetch } from "../src/index.js";

describe("createProxyFetch refuses a runtime whose fetch ignores a dispatcher", () => {
  afterEach(() => (vi.unstubAllGlobals(), vi.unstubAllEnvs()));
  // Bun's fetch ignored the dispatcher: a loopback request, key and all, went to the proxy.
  it.each(["Bun", "Deno"])("%s: an Error saying so, before anything is sent", async (runtime) => {
    vi.stubGlobal(runtime, {});
    await expect(createProxyFetch({ env: {} })).rejects.toThrow(
      `needs Node's fetch (it takes a dispatcher); Bun and Deno read HTTPS_PROXY`,
    );
  });

  it("globalThis.fetch = proxy.fetch: the runtime's fetch taken at creation, no recursion", async () => {
    const seen: string[] = [];
    vi.stubGlobal("fetch", async (input: string) => (seen.push(input), new Response("ok")));
    const proxy = await createProxyFetch({ env: {} });
    vi.stubGlobal("fetch", proxy.fetch);
    const answer = await globalThis.fetch("http://127.0.0.1:9/");
    expect(await answer.text()).toBe("ok");
    expect(seen).toEqual(["http://127.0.0.1:9/"]);
  });

  it("an env of its own: loopback still kept from the proxy process.env names to the runtime", async () => {
    // Node 22/24's own fetch reads process.env (NODE_USE_ENV_PROXY), whatever `env` was given.
    vi.stubEnv("NODE_USE_ENV_PROXY", "1");
    vi.stubEnv("HTTP_PROXY", "http://127.0.0.1:9");
    const inits: (RequestInit | undefined)[] = [];
    vi.stubGlobal(
      "fetch",
      async (_: string, init?: RequestInit) => (inits.push(init), new Response()),
    );
    const proxy = await createProxyFetch({ env: {} });
    await proxy.fetch("http://127.0.0.1:9/");
    await proxy.close();
    expect(inits[0]).toHaveProperty("dispatcher");
  });
});
