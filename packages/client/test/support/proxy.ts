import { readFileSync } from "node:fs";
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createTlsServer } from "node:https";
import { connect, type AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Used by the CLI's tests and the runtime matrix too, as the Redis helper is.
const TLS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "tls");
/** The name the API answers as here: reserved, so it never resolves without the proxy. */
export const API_HOST = "api.keyapi.test";
/** The certificate to trust (`NODE_EXTRA_CA_CERTS`), as a corporate proxy's CA is trusted. */
export const API_CA = path.join(TLS, `${API_HOST}.cert.pem`);

const portOf = (server: Server) => (server.address() as AddressInfo).port;
const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve(portOf(server))));
const closing = (server: Server) =>
  new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));

/** An HTTPS server on loopback, answering as {@link API_HOST}, passing each request to `origin`. */
export async function startTlsFront(origin: string) {
  const upstream = new URL(origin);
  const server = createTlsServer(
    { key: readFileSync(path.join(TLS, `${API_HOST}.key.pem`)), cert: readFileSync(API_CA) },
    (req, res) => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method },
        (answer) => (res.writeHead(answer.statusCode!, answer.headers), answer.pipe(res)),
      );
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined && name !== "host") out.setHeader(name, value);
      req.pipe(out);
    },
  );
  const port = await listen(server);
  return { port, close: () => closing(server) };
}

/** What a proxy was asked: each CONNECT's target and its headers, as sent. */
export interface ProxyLog {
  targets: string[];
  /** Every header line of every request the proxy received, raw. */
  headers: string[];
  /** `Proxy-Authorization` as received, decoded from Basic. */
  credentials: string[];
}

/**
 * A CONNECT proxy on loopback that tunnels {@link API_HOST}:443 to `tlsPort`, as a corporate
 * proxy tunnels to the real API. With `password`, a request without `user:password` gets 407.
 * With `identity` (a key and certificate), the proxy itself is spoken to over TLS (`https://`).
 */
export async function startConnectProxy(
  tlsPort: number,
  password?: string,
  identity?: { key: string; cert: string },
) {
  const log: ProxyLog = { targets: [], headers: [], credentials: [] };
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    log.targets.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  };
  const server = identity ? createTlsServer(identity, answer) : createServer(answer);
  server.on("connect", (req, socket, head) => {
    log.targets.push(`CONNECT ${req.url}`);
    log.headers.push(...req.rawHeaders);
    const auth = req.headers["proxy-authorization"];
    const given = auth?.startsWith("Basic ")
      ? Buffer.from(auth.slice(6), "base64").toString()
      : undefined;
    if (given !== undefined) log.credentials.push(given);
    if (password !== undefined && given !== `user:${password}`) {
      socket.end("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    if (req.url !== `${API_HOST}:443`) {
      socket.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const tunnel = connect(tlsPort, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      tunnel.write(head);
      tunnel.pipe(socket).pipe(tunnel);
    });
    tunnel.on("error", () => socket.destroy());
    socket.on("error", () => tunnel.destroy());
  });
  const port = await listen(server);
  const url = `${identity ? "https" : "http"}://127.0.0.1:${port}`;
  return { url, port, log, close: () => closing(server) };
}

/** A proxy that hangs up on every CONNECT without a word (a TLS port given as `http://`, say). */
export async function startHangingUpProxy() {
  let connects = 0;
  const server = createServer((_req, res) => res.writeHead(502).end());
  server.on("connect", (_req, socket) => {
    connects++;
    socket.destroy();
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    connects: () => connects,
    close: () => closing(server),
  };
}
