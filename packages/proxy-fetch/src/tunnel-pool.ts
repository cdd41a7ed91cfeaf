import { isIP } from "node:net";
import type { buildConnector, Dispatcher, Pool } from "undici";

/**
 * A proxy that would not let a request through: it closed the connection under the CONNECT, or
 * refused its credentials. It is the `cause` of the fetch's `TypeError("fetch failed")`; the
 * client keeps a cause's `name` (redacted) on its ConnectionError, which
 * {@link isProxyAuthRefusal} reads.
 */
export class ProxyRefusal extends Error {
  constructor(
    message: string,
    /** 407: the proxy wants other credentials. Never asked again by this fetch. */
    readonly authentication: boolean,
  ) {
    super(message);
    this.name = authentication ? "ProxyAuthenticationError" : "ProxyError";
  }
}

/** Whether an error, or a cause under it, has one of `names`. */
const causedBy = (error: unknown, names: string[]) => {
  for (let e = error as { name?: unknown; cause?: unknown } | undefined; e; e = e.cause as never)
    if (names.includes(e.name as string)) return true;
  return false;
};

/**
 * Whether an error (or a cause under it) is the proxy refusing its credentials: no retry can
 * succeed (give it to the client's `retry.shouldRetry` to stop at once).
 */
export function isProxyAuthRefusal(error: unknown): boolean {
  return causedBy(error, ["ProxyAuthenticationError"]);
}

/**
 * Whether an error (or a cause under it) is the proxy's: no tunnel opened (no answer, a hang-up,
 * an answer other than 200) or its credentials refused. Every request through that proxy meets
 * it, whatever it asks for: a pull of many entities stops on it rather than failing each.
 */
export function isProxyRefusal(error: unknown): boolean {
  return causedBy(error, ["ProxyError", "ProxyAuthenticationError"]);
}

/**
 * Errors of the connection to the proxy itself (the tunnel's own TLS comes later), said in its
 * terms: OpenSSL's own text for a plain proxy given as `https://` is a line of hex and C paths.
 */
const PLAIN =
  "does not speak TLS (OpenSSL: wrong version number): a plain proxy is written http://";
const UNANSWERED: Record<string, string> = {
  UND_ERR_SOCKET: "closed the connection without answering",
  ERR_SSL_WRONG_VERSION_NUMBER: PLAIN,
  ERR_SSL_PACKET_LENGTH_TOO_LONG: PLAIN, // OpenSSL 3.5's reading of it (Node 24)
};

type Connector = buildConnector.connector;

/**
 * undici names an https proxy given as an address (`https://10.0.0.5:3128`) as its TLS
 * ServerName, which RFC 6066 forbids: Node printed DEP0123 on every run. Without a name, Node
 * checks the proxy's certificate against the address it connected to.
 */
const addressKept =
  (connect: Connector): Connector =>
  (options, callback) =>
    connect(
      isIP(options.servername ?? "") ? { ...options, servername: undefined } : options,
      callback,
    );

type Connect = (o: { signal?: AbortSignal }) => Promise<Dispatcher.ConnectData>;

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms).unref();
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * The pools that speak to the proxy named in `variable`, sharing what they learn of it. Four
 * answers become a refusal: a socket closed under the CONNECT (undici reads it as a socket error
 * it may retry, and reconnected at once for as long as the request waited: 570,000 connections
 * in 90 s to a proxy that hung up on each); an answer other than 200 (undici's "Proxy response
 * (403) !== 200"); no tunnel within `tunnelTimeoutMs` of its asking, the wait below, reaching the
 * proxy and its answer together (undici waited 300 s for the answer, and the socket held the
 * process that long after every request had given up); and a 407, kept, so that a wrong
 * password is sent once a fetch's life (a directory locks the account after a few tries). Until a
 * tunnel has opened, the others wait for the first CONNECT's answer (32 pages in flight would each
 * send the password before the first 407 came back), at most half the bound: a first CONNECT the
 * proxy lost must not fail them all (each failure spends the client's retry budget), and a
 * failure other than a 407 is not theirs either.
 */
export function tunnelPools(PoolClass: typeof Pool, variable: string, tunnelTimeoutMs: number) {
  let refused: ProxyRefusal | undefined;
  /** Whether a tunnel has opened: from then on, CONNECTs go side by side. */
  let opened = false;
  /** The CONNECT in flight while none has opened a tunnel: what the others wait on. */
  let probe: Promise<unknown> | undefined;
  const named = (why: string) => new ProxyRefusal(`the proxy in ${variable} ${why}`, false);
  const LATE = `did not open a tunnel within ${tunnelTimeoutMs} ms`;
  const tunnel = async (connect: Connect, o: { signal?: AbortSignal }, bound: AbortSignal) => {
    if (refused) throw refused;
    // A request gone while it waited opens no connection to the proxy.
    o.signal?.throwIfAborted();
    if (bound.aborted) throw named(LATE);
    const signal = o.signal ? AbortSignal.any([o.signal, bound]) : bound;
    const answer = await connect({ ...o, signal }).catch((error: { code?: string }) => {
      const why = bound.aborted ? LATE : UNANSWERED[error?.code ?? ""];
      throw why ? named(why) : error;
    });
    if (answer.statusCode === 200) return answer;
    answer.socket.destroy();
    if (answer.statusCode !== 407) throw named(`answered the CONNECT with ${answer.statusCode}`);
    refused = new ProxyRefusal(
      `the proxy in ${variable} refused its credentials (407 Proxy Authentication Required): not asked again`,
      true,
    );
    throw refused;
  };
  return {
    /** undici's `clientFactory`: a Pool of our own whose CONNECTs go through `tunnel`. */
    factory(origin: URL, options: { connect?: Connector }): Pool {
      const connector = options.connect && addressKept(options.connect);
      const pool = new PoolClass(origin, { ...options, connect: connector });
      const connect = pool.connect.bind(pool) as Connect;
      return Object.assign(pool, {
        async connect(o: { signal?: AbortSignal }) {
          // A timer of our own, not undici's headersTimeout (its clock ticks by the half second,
          // and starts once the CONNECT is written): one bound from the asking to the tunnel.
          const bound = new AbortController();
          const timer = setTimeout(() => bound.abort(), tunnelTimeoutMs);
          try {
            if (!opened && probe) {
              const either = o.signal ? AbortSignal.any([o.signal, bound.signal]) : bound.signal;
              await Promise.race([probe, pause(tunnelTimeoutMs / 2, either)]);
            } else if (!opened) {
              const first = tunnel(connect, o, bound.signal);
              probe = first.then(
                () => void (opened = true),
                () => void (probe = undefined),
              );
              return await first;
            }
            return await tunnel(connect, o, bound.signal);
          } finally {
            clearTimeout(timer);
          }
        },
      });
    },
    /** The refusal every later request meets at once, once the proxy refused the credentials. */
    refused: () => refused,
  };
}
