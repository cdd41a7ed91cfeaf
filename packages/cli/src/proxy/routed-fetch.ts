import type { Dispatcher } from "undici";
import { isLoopback, type ProxyPlan } from "./plan.js";

/**
 * A proxy that would not let the CLI through: it closed the connection under the CONNECT, or
 * refused its credentials. Its `name` is what the exit code reads (the client keeps a cause's
 * name, redacted, on its ConnectionError).
 */
export class ProxyRefusal extends Error {
  constructor(
    message: string,
    /** 407: the proxy wants other credentials. Never asked again in this run. */
    readonly authentication: boolean,
  ) {
    super(message);
    this.name = authentication ? "ProxyAuthenticationError" : "ProxyError";
  }
}

/** Whether an error (or a cause under it) is the proxy refusing its credentials. */
export function isProxyAuthRefusal(error: unknown): boolean {
  for (let e = error as { name?: unknown; cause?: unknown } | undefined; e; e = e.cause as never)
    if (e.name === "ProxyAuthenticationError") return true;
  return false;
}

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
  let refused: ProxyRefusal | undefined;
  /**
   * The pool that speaks to the proxy. Two answers become a refusal: a socket closed under the
   * CONNECT (undici reads it as a socket error it may retry, and reconnected at once for as long
   * as the request waited: 570,000 connections in 90 s to a proxy that hung up on each), and a
   * 407, kept so that a wrong password is sent once, not once a request (a directory locks the
   * account after a few).
   */
  const toProxy = (origin: URL, options: object) => {
    const pool = new Pool(origin, options);
    const connect = pool.connect.bind(pool) as (o: object) => Promise<Dispatcher.ConnectData>;
    Object.assign(pool, {
      async connect(o: object) {
        if (refused) throw refused;
        const answer = await connect(o).catch((error: { code?: string }) => {
          if (error?.code !== "UND_ERR_SOCKET") throw error;
          throw new ProxyRefusal(
            `the proxy in ${plan!.variable} closed the connection without answering`,
            false,
          );
        });
        if (answer.statusCode !== 407) return answer;
        answer.socket.destroy();
        refused = new ProxyRefusal(
          `the proxy in ${plan!.variable} refused its credentials (407 Proxy Authentication Required): not asked again`,
          true,
        );
        throw refused;
      },
    });
    return pool;
  };
  const direct = new Agent();
  const proxied =
    plan &&
    new EnvHttpProxyAgent({
      httpProxy: plan.url,
      httpsProxy: plan.url,
      noProxy: plan.noProxy,
      clientFactory: toProxy as never,
    });
  const routed = ((input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (refused && proxied && !isLoopback(target.hostname))
      return Promise.reject(new TypeError("fetch failed", { cause: refused }));
    const dispatcher = !proxied || isLoopback(target.hostname) ? direct : proxied;
    return undiciFetch(input as never, { ...(init as object), dispatcher } as never);
  }) as typeof fetch;
  return {
    fetch: routed,
    close: async () => {
      await Promise.all([direct.destroy(), proxied?.destroy()]);
    },
  };
}
