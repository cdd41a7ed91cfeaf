import { shownProxy, withoutCredentials } from "./shown-url.js";

// Which proxy the environment names for a scheme. Node's own fetch ignores the proxy variables on
// Node 20 (and on 22 and 24 without `NODE_USE_ENV_PROXY`), so behind a corporate proxy nothing
// reached the API at all.

const ALL_VARS = ["all_proxy", "ALL_PROXY"] as const;
// Lower case first, an empty one skipped. An https URL falls back to the http proxy, as npm's
// fetch does: where `npm install` gets through with only `HTTP_PROXY` set, so do we.
// `ALL_PROXY` (curl's) comes last for both.
const VARS = {
  "https:": ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", ...ALL_VARS],
  "http:": ["http_proxy", "HTTP_PROXY", ...ALL_VARS],
} as const;
const NO_PROXY_VARS = ["no_proxy", "NO_PROXY"] as const;

/** The variables read: `process.env` by default. */
export type ProxyEnv = Record<string, string | undefined>;

/**
 * A proxy variable that cannot be used (not an http(s) URL, a path, broken %-escapes). Its
 * message names the variable and never shows a value that may hold a password.
 */
export class ProxyConfigError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = "ProxyConfigError";
  }
}

/**
 * The proxy for a scheme, and where it was read. It holds no secret: printing it or logging it
 * shows no password (the credentials are kept where only the fetch reads them).
 */
export interface ProxyPlan {
  /** The proxy, its user and password shown as `…` (`http://…@proxy.corp.example:3128`). */
  proxy: string;
  /** The variable it came from (`HTTPS_PROXY`), for messages. */
  variable: string;
  /** Hosts that go direct: the `NO_PROXY` (or `no_proxy`) value, as curl reads it. */
  noProxy: string;
  /** One line for a debug log: which scheme, which proxy, which variable, no credentials. */
  description: string;
}

/** What the fetch needs and no message may show: the proxy's URL and its credentials. */
interface Secrets {
  /** The proxy's URL, checked, with its user and password. */
  url: string;
  /**
   * The `Proxy-Authorization` for the URL's credentials, when it has any. undici makes one only
   * from a user and a password both; `http://token@proxy` is a user alone, which curl sends as
   * `token:` (many corporate proxies take an access token so).
   */
  authorization: string | undefined;
}

const SECRETS = new WeakMap<ProxyPlan, Secrets>();

/** A plan's URL and credentials (for the fetch alone; not exported from the package). */
export const secretsOf = (plan: ProxyPlan): Secrets => SECRETS.get(plan)!;

/**
 * Whether the environment asks for any proxy, `NODE_USE_ENV_PROXY` included: loopback must then
 * be kept from it (Node 22 and 24 would send a mock's requests, key and all, to the proxy).
 */
export const proxyAsked = (env: ProxyEnv = process.env): boolean =>
  [...VARS["https:"], "NODE_USE_ENV_PROXY"].some((name) => env[name]?.trim());

/** A value that names its scheme (`socks5h://…`); one that does not is `http://`, as curl reads it. */
const SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

/** Whether a proxy value names a scheme other than http(s) (`socks5h://…`). */
const otherScheme = (value: string) => SCHEME.test(value.trim()) && !/^\s*https?:/i.test(value);

/** Why a proxy URL cannot be used, or undefined. */
function problemOf(proxy: URL | undefined): string | undefined {
  if (!proxy || !/^https?:$/.test(proxy.protocol) || !proxy.hostname)
    return "must be an http(s) proxy URL such as http://proxy.example:3128";
  if (proxy.pathname !== "/" || proxy.search || proxy.hash)
    return "must name a proxy, with no path, query or fragment";
  try {
    decodeURIComponent(proxy.username);
    decodeURIComponent(proxy.password);
  } catch {
    return "has a user or password whose %-escapes are broken";
  }
  return undefined;
}

/**
 * The proxy the environment names for `scheme` (`"https:"`), checked, or undefined when it names
 * none (or `NO_PROXY=*`). Call it before anything is opened or bought: a broken `HTTPS_PROXY` is
 * then one line, not a connection error after the output file was made. A value without a scheme
 * (`proxy.corp:3128`) is `http://`, as curl reads it. A variable of another scheme is not read.
 * @throws {@link ProxyConfigError} when the variable it would use is not a proxy's URL.
 */
export function proxyPlan(scheme: string, env: ProxyEnv = process.env): ProxyPlan | undefined {
  // An empty variable is no setting, as for the proxies (a CI's `no_proxy=` above `NO_PROXY`).
  const noProxy = NO_PROXY_VARS.map((name) => env[name]?.trim()).find(Boolean) ?? "";
  if (noProxy === "*") return undefined; // every host direct: no proxy is read at all
  const names = VARS[scheme as keyof typeof VARS] ?? [];
  // curl's ALL_PROXY is often a SOCKS proxy for ssh and git: one that is not http(s) is theirs.
  const variable = names.find(
    (name) => env[name]?.trim() && !(/^all_proxy$/i.test(name) && otherScheme(env[name]!)),
  );
  if (!variable) return undefined;
  const value = env[variable]!.trim();
  const written = SCHEME.test(value) ? value : `http://${value}`;
  const proxy = URL.canParse(written) ? new URL(written) : undefined;
  const problem = problemOf(proxy);
  if (problem)
    throw new ProxyConfigError(`${variable} ${problem}, got ${shownProxy(value, proxy)}`);
  const { username, password } = proxy!;
  const credentials = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  const except = noProxy ? `, except NO_PROXY ${JSON.stringify(noProxy)}` : "";
  const shown = withoutCredentials(proxy!);
  const plan: ProxyPlan = {
    proxy: shown,
    variable,
    noProxy,
    description: `${scheme.slice(0, -1)} through ${shown} (${variable})${except}`,
  };
  SECRETS.set(plan, {
    url: proxy!.href,
    authorization:
      username || password ? `Basic ${Buffer.from(credentials).toString("base64")}` : undefined,
  });
  return plan;
}
