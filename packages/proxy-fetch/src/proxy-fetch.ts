import { noProxyRule } from "./no-proxy.js";
import {
  isLoopback,
  proxyAsked,
  proxyPlan,
  secretsOf,
  type ProxyEnv,
  type ProxyPlan,
} from "./plan.js";
import { tunnelPools } from "./tunnel-pool.js";

/** What {@link createProxyFetch} is given. */
export interface ProxyFetchOptions {
  /**
   * Where the requests go (the API's base URL): its scheme picks the variable, and a loopback
   * address reads none. Default `https://api.keyapi.ai/`.
   */
  target?: string | URL;
  /** The variables to read. Default `process.env`. */
  env?: ProxyEnv;
}

/** A fetch that goes through the environment's proxy, and a way to drop its connections. */
export interface ProxyFetch {
  /** Hand it to the client (`createKeyApiClient({ fetch })`) or call it as `fetch`. */
  fetch: typeof fetch;
  /** The proxy read for the target, or undefined when requests go direct. */
  plan: ProxyPlan | undefined;
  /**
   * Drops every connection at once: a stalled proxy must not hold the process at exit. Call it
   * when done; requests after it fail.
   */
  close(): Promise<void>;
}

/** The runtime's fetch, looked up at each call (a test's or a polyfill's, installed later). */
const runtimeFetch = ((input, init) => globalThis.fetch(input, init)) as typeof fetch;

/**
 * A fetch that sends through the proxy the environment names (`HTTPS_PROXY`, `HTTP_PROXY`,
 * `ALL_PROXY`, `NO_PROXY`, read as curl reads them: see {@link proxyPlan}) by CONNECT tunnels, and
 * loopback always direct, never through the runtime's own fetch (with `NODE_USE_ENV_PROXY`, Node
 * would send a mock's requests, key and all, to the proxy). Credentials in the proxy's URL go as
 * `Proxy-Authorization`, and a proxy that refuses them (407) is asked once, never again: later
 * requests fail at once with {@link ProxyRefusal}. When the environment asks for no proxy, it is
 * the runtime's fetch and undici is never loaded. TLS is Node's either way: a re-signing proxy's
 * CA goes in `NODE_EXTRA_CA_CERTS`, as for npm.
 * @throws {@link ProxyConfigError} when the variable it would use is not a proxy's URL.
 */
export async function createProxyFetch(options: ProxyFetchOptions = {}): Promise<ProxyFetch> {
  const env = options.env ?? process.env;
  const target = new URL(options.target ?? "https://api.keyapi.ai/");
  const plan = isLoopback(target.hostname) ? undefined : proxyPlan(target.protocol, env);
  if (!plan && !proxyAsked(env)) return { fetch: runtimeFetch, plan, close: async () => {} };
  const { Agent, ProxyAgent, Pool, fetch: undiciFetch } = await import("undici");
  const direct = new Agent();
  const bypass = noProxyRule(plan?.noProxy ?? "");
  const pools = plan && tunnelPools(Pool, plan.variable);
  const secrets = plan && secretsOf(plan);
  const proxied =
    secrets &&
    new ProxyAgent({
      uri: secrets.url,
      ...(secrets.authorization ? { token: secrets.authorization } : {}),
      clientFactory: pools!.factory as never,
    });
  const routed = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const goesDirect = !proxied || isLoopback(url.hostname) || bypass(url);
    const refused = !goesDirect && pools?.refused();
    if (refused) return Promise.reject(new TypeError("fetch failed", { cause: refused }));
    const dispatcher = goesDirect ? direct : proxied;
    return undiciFetch(input as never, { ...(init as object), dispatcher } as never);
  }) as typeof fetch;
  return {
    fetch: routed,
    plan,
    close: async () => {
      await Promise.all([direct.destroy(), proxied?.destroy()]);
    },
  };
}
