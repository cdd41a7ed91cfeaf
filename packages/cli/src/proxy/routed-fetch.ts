import { isLoopback, type ProxyPlan } from "./plan.js";
import { tunnelPools } from "./tunnel-pool.js";

/** What `routedFetch` gives the client: a fetch, and a way to drop its connections. */
export interface RoutedFetch {
  fetch: typeof fetch;
  /** Drops every connection at once: a stalled proxy must not hold the process at exit. */
  close(): Promise<void>;
}

/**
 * A fetch that sends through the planned proxy (undici's EnvHttpProxyAgent: CONNECT tunnels,
 * `NO_PROXY`, credentials in the URL as `Proxy-Authorization`) and loopback directly, never
 * through the runtime's own fetch (with `NODE_USE_ENV_PROXY`, Node would send the mock's requests,
 * key and all, to the proxy). No plan: everything direct. undici is imported only here, so a run
 * with no proxy asked never loads it. TLS is Node's either way: a re-signing proxy's CA goes in
 * `NODE_EXTRA_CA_CERTS`, as for npm.
 */
export async function routedFetch(plan: ProxyPlan | undefined): Promise<RoutedFetch> {
  const { Agent, EnvHttpProxyAgent, Pool, fetch: undiciFetch } = await import("undici");
  const direct = new Agent();
  const pools = plan && tunnelPools(Pool, plan.variable);
  const proxied =
    plan &&
    new EnvHttpProxyAgent({
      httpProxy: plan.url,
      httpsProxy: plan.url,
      noProxy: plan.noProxy,
      ...(plan.authorization ? { token: plan.authorization } : {}),
      clientFactory: pools!.factory as never,
    });
  const routed = ((input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const local = isLoopback(target.hostname);
    const refused = !local && pools?.refused();
    if (refused) return Promise.reject(new TypeError("fetch failed", { cause: refused }));
    const dispatcher = !proxied || local ? direct : proxied;
    return undiciFetch(input as never, { ...(init as object), dispatcher } as never);
  }) as typeof fetch;
  return {
    fetch: routed,
    close: async () => {
      await Promise.all([direct.destroy(), proxied?.destroy()]);
    },
  };
}
