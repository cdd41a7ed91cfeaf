import type { Dispatcher as DispatcherType } from "undici";
import { noProxyRule } from "./no-proxy.js";
import { isLoopback } from "./loopback.js";
import { proxyAsked, proxyPlan, secretsOf, type ProxyEnv, type ProxyPlan } from "./plan.js";
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
  /**
   * How long a tunnel may take to open, from the request's asking: any wait for a first tunnel
   * (at most half of it), the connection to the proxy and its answer to the CONNECT together.
   * Past it, the request fails with a {@link ProxyRefusal} naming the wait. Default 10 000 ms (undici's own bound on a connect;
   * it waited 300 s for a CONNECT's answer, which held the process after a run gave up).
   */
  tunnelTimeoutMs?: number;
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

/** Whether this runtime's fetch takes undici's `dispatcher` (Bun's and Deno's ignore it). */
const takesDispatcher = () =>
  typeof (globalThis as { Bun?: unknown }).Bun === "undefined" &&
  typeof (globalThis as { Deno?: unknown }).Deno === "undefined";

/** A refused option's value as given: `"1000"` is a string, not 1000. */
const shown = (value: unknown) =>
  typeof value === "number"
    ? String(value)
    : `the ${typeof value} ${JSON.stringify(String(value))}`;

/** Every fetch after `close()` fails so, with or without a proxy. */
const closedError = () =>
  new TypeError("fetch failed", { cause: new Error("this proxy fetch was closed") });

/**
 * A fetch that sends through the proxy the environment names (`HTTPS_PROXY`, `HTTP_PROXY`,
 * `ALL_PROXY`, `NO_PROXY`, read as curl reads them: see {@link proxyPlan}) by CONNECT tunnels, and
 * loopback always direct (see {@link isLoopback}), even where the runtime's own fetch would not
 * (with `NODE_USE_ENV_PROXY`, Node sends a mock's requests, key and all, to the proxy). Each
 * redirect's hop is routed by its own URL, through the one proxy read for the target's scheme.
 * Credentials in the proxy's URL go as `Proxy-Authorization`, and a proxy that refuses them (407)
 * is asked once, never again: later requests fail at once with {@link ProxyRefusal}. It is the
 * runtime's own `fetch` as it was at creation (its `Request`, `Response` and errors), given a
 * dispatcher when the environment asks for a proxy; undici is loaded only then. Node only: Bun
 * and Deno read the variables themselves. TLS is Node's either way: a re-signing proxy's CA goes
 * in `NODE_EXTRA_CA_CERTS`, as for npm.
 * @throws {@link ProxyConfigError} when the variable it would use is not a proxy's URL.
 * @throws Error on a runtime whose fetch takes no dispatcher (Bun, Deno).
 */
export async function createProxyFetch(options: ProxyFetchOptions = {}): Promise<ProxyFetch> {
  if (!takesDispatcher())
    throw new Error(
      "@keyapi-tiktok/proxy-fetch needs Node's fetch (it takes a dispatcher); Bun and Deno read HTTPS_PROXY and NO_PROXY themselves",
    );
  const { env = process.env, tunnelTimeoutMs = 10_000 } = options;
  // 0 would refuse every tunnel at once, and a timer past 2^31 − 1 ms fires at once.
  if (!Number.isInteger(tunnelTimeoutMs) || tunnelTimeoutMs < 1 || tunnelTimeoutMs > 2 ** 31 - 1)
    throw new TypeError(
      `createProxyFetch: tunnelTimeoutMs must be a whole number of milliseconds from 1 to 2147483647, got ${shown(tunnelTimeoutMs)}`,
    );
  const target = new URL(options.target ?? "https://api.keyapi.ai/");
  const plan = isLoopback(target.hostname) ? undefined : proxyPlan(target.protocol, env);
  // Taken now, not at each call: `globalThis.fetch = proxy.fetch` must not call itself.
  const runtimeFetch = globalThis.fetch;
  // The runtime's fetch reads process.env itself (NODE_USE_ENV_PROXY): given another `env`,
  // loopback must still be kept from a proxy process.env names. Nothing asked: no dispatcher.
  const routing =
    plan || proxyAsked(env) || proxyAsked(process.env)
      ? await routes(plan, tunnelTimeoutMs)
      : undefined;
  let closed = false;
  return {
    fetch: ((input, init) => {
      const refused = closed ? closedError() : routing?.refusedFor(input);
      if (refused) return Promise.reject(refused);
      if (!routing) return runtimeFetch(input, init);
      return runtimeFetch(input, { ...init, dispatcher: routing.dispatcher } as RequestInit);
    }) as typeof fetch,
    plan,
    close: async () => {
      closed = true;
      await routing?.dispatcher.destroy();
    },
  };
}

/**
 * The dispatcher that picks a route for each request by its origin (a redirect's hop included):
 * loopback and `NO_PROXY` hosts direct, the rest through the plan's proxy.
 */
async function routes(plan: ProxyPlan | undefined, tunnelTimeoutMs: number) {
  const { Agent, Dispatcher, Pool, ProxyAgent } = await import("undici");
  const direct = new Agent();
  const bypass = noProxyRule(plan?.noProxy ?? "");
  const pools = plan && tunnelPools(Pool, plan.variable, tunnelTimeoutMs);
  const secrets = plan && secretsOf(plan);
  const proxied =
    secrets &&
    new ProxyAgent({
      uri: secrets.url,
      ...(secrets.authorization ? { token: secrets.authorization } : {}),
      clientFactory: pools!.factory as never,
    });
  const routeOf = (url: URL) =>
    !proxied || isLoopback(url.hostname) || bypass(url) ? direct : proxied;
  class Routes extends Dispatcher {
    override dispatch(
      options: DispatcherType.DispatchOptions,
      handler: DispatcherType.DispatchHandler,
    ) {
      return routeOf(new URL(String(options.origin))).dispatch(options, handler);
    }
    override async close() {
      await Promise.all([direct.close(), proxied?.close()]);
    }
    override async destroy() {
      await Promise.all([direct.destroy(), proxied?.destroy()]);
    }
  }
  return {
    dispatcher: new Routes(),
    /** The latched 407, for a request whose first hop goes through the proxy: failed at once. */
    refusedFor(input: string | URL | Request) {
      const raw = typeof input === "string" || input instanceof URL ? String(input) : input.url;
      const refused = pools?.refused();
      if (!refused || !URL.canParse(raw) || routeOf(new URL(raw)) !== proxied) return undefined;
      return new TypeError("fetch failed", { cause: refused });
    },
  };
}
