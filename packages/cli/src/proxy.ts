import { UsageError } from "./exit-codes.js";
import { shownUrl } from "./shown-url.js";

/**
 * The variables a proxy is read from, lower case first, as curl and undici read them. Node's own
 * fetch ignores them on Node 20 (and on 22 and 24 without `NODE_USE_ENV_PROXY`), so an analyst
 * behind a corporate proxy could not reach the API from the CLI at all.
 */
const ALL_VARS = ["all_proxy", "ALL_PROXY"] as const;
// An https URL falls back to the http proxy, as npm's fetch does: where `npm install` gets
// through with only `HTTP_PROXY` set, so does the CLI. `ALL_PROXY` (curl's) comes last for both.
const HTTPS_VARS = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", ...ALL_VARS] as const;
const HTTP_VARS = ["http_proxy", "HTTP_PROXY", ...ALL_VARS] as const;
const NO_PROXY_VARS = ["no_proxy", "NO_PROXY"] as const;

/** The embedded mock and a local server: never sent to a proxy, which could not reach them. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

type Env = Record<string, string | undefined>;

/** The proxy for one scheme: the first of its variables set, with the variable's name. */
interface ProxySetting {
  variable: string;
  url: string;
}

/** A URL to show: its credentials never leave the process (they would land in CI logs). */
const shown = (url: URL) =>
  `${url.protocol}//${url.username || url.password ? "…@" : ""}${url.host}`;

/**
 * The first variable of `names` that is set, as a proxy URL. A value without a scheme
 * (`proxy.corp:3128`) is taken as `http://`, as curl takes it; anything else that is not an
 * http(s) URL is the command line's mistake, named without its value's credentials.
 */
function settingOf(env: Env, names: readonly string[]): ProxySetting | undefined {
  const variable = names.find((name) => env[name]?.trim());
  if (!variable) return undefined;
  const value = env[variable]!.trim();
  const written = /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  const proxy = URL.canParse(written) ? new URL(written) : undefined;
  if (!proxy || !/^https?:$/.test(proxy.protocol) || !proxy.hostname)
    throw new UsageError(
      `${variable} must be an http(s) proxy URL such as http://proxy.example:3128, got ${shownUrl(value)}`,
    );
  return { variable, url: proxy.href };
}

/** The proxies the environment names; undefined when none is set. */
export interface ProxyPlan {
  https?: ProxySetting;
  http?: ProxySetting;
  noProxy?: string;
  /** One line for `--debug`: which variable, which proxy (no credentials). */
  description: string;
}

/**
 * Reads (and checks) the proxy variables: called before anything is opened or bought, so a broken
 * `HTTPS_PROXY` is one usage line, not a connection error after the output file was made.
 */
export function proxyPlan(env: Env = process.env): ProxyPlan | undefined {
  const https = settingOf(env, HTTPS_VARS);
  const http = settingOf(env, HTTP_VARS);
  if (!https && !http) return undefined;
  // An empty variable is no setting, as for the proxies (a CI's `no_proxy=` above `NO_PROXY`).
  const noProxy = NO_PROXY_VARS.map((name) => env[name]).find((v) => v?.trim());
  const via = (s: ProxySetting) => `${shown(new URL(s.url))} (${s.variable})`;
  const description = [
    https ? `https through ${via(https)}` : "",
    http ? `http through ${via(http)}` : "",
    noProxy?.trim() ? `except NO_PROXY ${JSON.stringify(noProxy)}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return { ...(https ? { https } : {}), ...(http ? { http } : {}), noProxy, description };
}

/** What `proxiedFetch` gives the client: a fetch, and a way to close its connections. */
export interface ProxiedFetch {
  fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * A fetch that sends through the planned proxies (undici's EnvHttpProxyAgent: CONNECT tunnels,
 * `NO_PROXY` as curl reads it, credentials in the URL as `Proxy-Authorization`), loopback
 * directly. undici is imported only here, so a run without a proxy never loads it. TLS is Node's
 * either way: a re-signing proxy's CA goes in `NODE_EXTRA_CA_CERTS`, as for npm.
 */
export async function proxiedFetch(plan: ProxyPlan): Promise<ProxiedFetch> {
  const { EnvHttpProxyAgent, fetch: undiciFetch } = await import("undici");
  const dispatcher = new EnvHttpProxyAgent({
    // Explicit, so the checked values are the ones used, and undici reads no variable itself.
    httpProxy: plan.http?.url ?? "",
    httpsProxy: plan.https?.url ?? "",
    noProxy: plan.noProxy ?? "",
  });
  const viaProxy = ((input: string | URL | Request, init?: RequestInit) => {
    const target = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (LOOPBACK.has(target.hostname)) return fetch(input, init);
    return undiciFetch(input as never, { ...(init as object), dispatcher } as never);
  }) as typeof fetch;
  return { fetch: viaProxy, close: () => dispatcher.close() };
}
