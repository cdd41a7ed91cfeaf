import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MockApi, type MockAction, type MockOptions, type MockStats } from "./core/mock-api.js";
import { parseBody } from "./core/params.js";
import { corsHeaders } from "./core/cors.js";

/** Options of `startMockServer`: the mock's behaviour plus where it listens. */
export interface MockServerOptions extends MockOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the mock never listens beyond loopback unless asked. */
  host?: string;
  /**
   * Origins whose pages may call the mock from a browser (CORS, preflights included): `"*"`
   * (default: any page, it is a local mock) or a list such as `["http://127.0.0.1:5173"]`;
   * a page from any other origin is refused, as a real API would.
   */
  corsOrigins?: readonly string[] | "*";
}

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>`: pass it as the client's `baseUrl`. */
  url: string;
  /** A key the server accepts. */
  testKey: string;
  /** Requests served, by status, and credits charged per key, live. */
  stats: MockStats;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

function send(res: ServerResponse, action: MockAction): void {
  switch (action.kind) {
    case "reset":
      res.socket?.destroy();
      return;
    case "truncate": {
      // Promise the whole body, send half, drop the connection: a body cut off in transit.
      res.writeHead(action.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(action.text),
      });
      res.write(action.text.slice(0, Math.floor(action.text.length / 2)));
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    case "raw":
      res.writeHead(action.status, { "content-type": "application/json" });
      res.end(action.text);
      return;
    case "json": {
      const body = JSON.stringify(action.body);
      const requestId = (action.body as { requestId?: string }).requestId;
      res.writeHead(action.status, {
        "content-type": "application/json",
        ...(requestId ? { "x-request-id": requestId } : {}),
        ...action.headers,
      });
      res.end(body);
    }
  }
}

/**
 * Starts the mock KeyAPI on a real port: every operation of the spec, auth, credits, qps,
 * latency and faults. Resolve `url` and `close()` it when done.
 *
 * @example
 * const mock = await startMockServer({ credits: 100 });
 * const client = createKeyApiClient({ baseUrl: mock.url, apiKey: mock.testKey });
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const api = new MockApi(options);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const cors = corsHeaders(
      req.headers.origin,
      options.corsOrigins ?? "*",
      req.headers["access-control-request-headers"],
    );
    for (const [name, value] of Object.entries(cors ?? {})) res.setHeader(name, value);
    // A preflight is answered here: allowed (204 with the headers above) or not (403, none).
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
      res.writeHead(cors ? 204 : 403).end();
      return;
    }
    // The body (a POST's JSON) is read whole before the request is decided.
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const action = api.handle({
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", "http://mock"),
        header: (name) => {
          const v = req.headers[name.toLowerCase()];
          return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
        },
        body: parseBody(Buffer.concat(chunks).toString("utf8")),
      });
      const latency = options.latencyMs ?? 0;
      if (latency > 0) {
        const timer = setTimeout(() => send(res, action), latency);
        res.on("close", () => clearTimeout(timer));
      } else send(res, action);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    testKey: options.apiKeys?.[0] ?? "sk_test_mock_key",
    stats: api.stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
