import {
  baseUrlProblem,
  createKeyApiClient,
  type KeyApiClient,
  type Logger,
  type RetryContext,
} from "@keyapi-tiktok/client";
import { startMockServer } from "@keyapi-tiktok/mock";
import { DEFAULT_TIMEOUT_S, UsageError } from "./exit-codes.js";
import { keyInput } from "./api-key.js";
import { refuseOverwrite } from "./input/kept-apart.js";
import { keyInName, runKey } from "./output/key-shaped.js";
import { oneLine } from "./output/terminal-text.js";
import {
  createProxyFetch,
  isLoopback,
  isProxyAuthRefusal,
  ProxyConfigError,
  proxyPlan,
  withoutCredentials,
} from "@keyapi-tiktok/proxy-fetch";
import { shownUrl } from "./shown-url.js";

export interface GlobalOptions {
  apiKeyFile?: string;
  baseUrl?: string;
  mock?: boolean;
  debug?: boolean;
  /** `--redis-url`, else env `KEYAPI_REDIS_URL`: share the key's rate limit through Redis. */
  redisUrl?: string;
  /** `--timeout`: seconds a request may take to answer in full before it is retried. */
  timeout?: number;
}

export interface Session {
  client: KeyApiClient;
  close(): Promise<void>;
}

// A log line can quote the server (a retry's reason): one inert line each, like every error.
const stderrLogger: Logger = {
  // JSON.stringify escapes C0 controls but not C1 (8-bit CSI) nor bidi overrides.
  debug: (m, f) => process.stderr.write(`debug ${oneLine(`${m} ${f ? JSON.stringify(f) : ""}`)}\n`),
  info: (m) => process.stderr.write(`info ${oneLine(m)}\n`),
  warn: (m) => process.stderr.write(`warn ${oneLine(m)}\n`),
  error: (m) => process.stderr.write(`error ${oneLine(m)}\n`),
};

/** A request's time limit (`--timeout`), in milliseconds. */
const timeoutMsOf = (g: GlobalOptions) => (g.timeout ?? DEFAULT_TIMEOUT_S) * 1_000;

/** The API's address when no --base-url is given (the client's default). */
const DEFAULT_SOURCE = "https://api.keyapi.ai/";

/** Where a run's records come from, as a resumable pull's checkpoint records it. */
export const sourceOf = (g: GlobalOptions): string =>
  g.mock ? "mock" : new URL(g.baseUrl ?? DEFAULT_SOURCE).href;

/**
 * Refuses broken global options with one line, before anything is opened or bought. An empty
 * or broken value must not fall back to the production API, the environment's key or no
 * shared limit.
 */
export async function checkGlobals(g: GlobalOptions, out?: string): Promise<void> {
  if (
    g.baseUrl !== undefined &&
    !/^https?:$/.test(URL.canParse(g.baseUrl) ? new URL(g.baseUrl).protocol : "")
  ) {
    throw new UsageError(
      // An unparsable value is not echoed when it may hold a password (`user:pa/ss@host`).
      `--base-url must be an http(s) URL, got ${shownUrl(g.baseUrl)}`,
    );
  }
  // Never echoed: a password in a URL would land in the terminal's scrollback and CI logs.
  if (g.baseUrl !== undefined) {
    const url = new URL(g.baseUrl);
    if (url.username || url.password)
      throw new UsageError(
        `--base-url must not hold a user or password (${withoutCredentials(url)}): the key goes in KEYAPI_API_KEY or --api-key-file`,
      );
  }
  // Whatever else the client would refuse at creation (a query, a trailing space), in a usage line.
  const problem = g.baseUrl === undefined ? undefined : baseUrlProblem(g.baseUrl);
  if (problem) throw new UsageError(`--base-url: ${problem}`);
  if (g.apiKeyFile === "") throw new UsageError("--api-key-file needs a file path");
  const key = out === undefined ? undefined : keyInName(out, runKey(g));
  if (key) throw new UsageError(`--out ${key}: give the output a file name`);
  refuseOverwrite(keyInput(g), out);
  planOf(g);
  const redisUrl = g.redisUrl ?? process.env.KEYAPI_REDIS_URL;
  if (redisUrl === undefined) return;
  // What ioredis would fail on after the output was opened (a port that is no number, a
  // database that is none: it ended the process with a stack; a broken %-escape), said first.
  const { redisUrlProblem } = await import("@keyapi-tiktok/limiter-redis");
  const refused = redisUrlProblem(redisUrl);
  if (refused)
    throw new UsageError(`--redis-url (or KEYAPI_REDIS_URL) ${refused}, got ${shownUrl(redisUrl)}`);
}

/**
 * The proxy the API is reached through: none for the embedded mock or a loopback `--base-url`
 * (a variable for them is not even read), else the one the environment names for its scheme.
 */
function planOf(g: GlobalOptions) {
  const api = new URL(g.baseUrl ?? DEFAULT_SOURCE);
  try {
    return g.mock || isLoopback(api.hostname) ? undefined : proxyPlan(api.protocol);
  } catch (error) {
    throw error instanceof ProxyConfigError ? new UsageError(error.message) : error;
  }
}

/** The fetch for this run: through the proxy the environment names, loopback kept from it. */
async function routingFor(g: GlobalOptions, target: string) {
  // Half the request's limit: a tunnel that never opens fails first, said as the proxy's (and a
  // request that never left is not counted as a spent credit, as a timeout would be).
  const tunnelTimeoutMs = timeoutMsOf(g) / 2;
  const routing = await createProxyFetch({ target, tunnelTimeoutMs });
  if (routing.plan && g.debug) stderrLogger.debug(`requests go ${routing.plan.description}`);
  return routing;
}

/**
 * The client for this run: the embedded mock with `--mock`, else the real API with a key. The
 * caller has passed `g` through {@link checkGlobals} first (before opening the output).
 */
export async function openSession(
  g: GlobalOptions,
  extra: {
    /** The key `apiKeyOf` read (undefined with `--mock`). */
    apiKey: string | undefined;
    maxCredits?: number;
    requestsPerSecond?: number;
  },
): Promise<Session> {
  const redisUrl = g.redisUrl ?? process.env.KEYAPI_REDIS_URL;
  const common = {
    logger: stderrLogger,
    logLevel: g.debug ? ("debug" as const) : ("error" as const),
    timeoutMs: timeoutMsOf(g),
    // A proxy that refused its credentials refuses every retry too, at once: retrying would only
    // wait the backoff and add "retry budget exhausted" to a line that says all there is.
    retry: {
      shouldRetry: ({ error }: RetryContext) => (isProxyAuthRefusal(error) ? false : undefined),
    },
    ...(extra.maxCredits !== undefined ? { maxCredits: extra.maxCredits } : {}),
    ...(extra.requestsPerSecond
      ? { rateLimit: { requestsPerSecond: extra.requestsPerSecond } }
      : {}),
  };
  /** With a Redis URL, the limit is the key's, shared by every run and worker on it. */
  const shared = async (apiKey: string) => {
    if (!redisUrl) return undefined;
    const { createRedisRateLimiter, limitNameFor } = await import("@keyapi-tiktok/limiter-redis");
    return createRedisRateLimiter({
      url: redisUrl,
      key: limitNameFor(apiKey),
      ...(extra.requestsPerSecond ? { requestsPerSecond: extra.requestsPerSecond } : {}),
      logger: stderrLogger,
    });
  };
  if (g.mock) {
    // A little latency so the demo's progress display is visible; still no key, no credits.
    const mock = await startMockServer({ latencyMs: 8 });
    const routing = await routingFor(g, mock.url);
    const close = async () => {
      await routing.close();
      await mock.close();
    };
    // The mock's server would keep the process alive after the error is printed.
    const limiter = await shared(mock.testKey).catch(async (error: unknown) => {
      await close();
      throw error;
    });
    return {
      client: createKeyApiClient({
        ...common,
        ...(limiter ? { rateLimit: limiter } : {}),
        fetch: routing.fetch,
        baseUrl: mock.url,
        apiKey: mock.testKey,
      }),
      close: async () => {
        await limiter?.close();
        await close();
      },
    };
  }
  // Read before the output was opened (apiKeyOf); a call without one is a bug of ours.
  const key = extra.apiKey;
  if (key === undefined) throw new Error("openSession: no API key given");
  const routing = await routingFor(g, g.baseUrl ?? DEFAULT_SOURCE);
  const limiter = await shared(key);
  const close = async () => {
    await limiter?.close();
    await routing.close();
  };
  try {
    const client = createKeyApiClient({
      ...common,
      ...(limiter ? { rateLimit: limiter } : {}),
      apiKey: key,
      ...(g.baseUrl ? { baseUrl: g.baseUrl } : {}),
      fetch: routing.fetch,
    });
    return { client, close };
  } catch (error) {
    // An open Redis connection would keep the process alive after the error is printed.
    await close();
    throw error;
  }
}
