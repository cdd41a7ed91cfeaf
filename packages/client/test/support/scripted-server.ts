import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** One scripted answer; `n` is the 1-based index of the request. */
export type Step = (req: IncomingMessage, res: ServerResponse, n: number) => void;

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  at: number;
}

export interface ScriptedServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

const ok = {
  code: 0,
  message: "success",
  data: [{ review_id: "r1", rating: 5 }],
  requestId: "req-ok",
};

export const reply = {
  json:
    (status: number, body: unknown = ok, headers: Record<string, string> = {}): Step =>
    (_req, res) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    },
  ok: (): Step => reply.json(200),
  error: (status: number, message: string, headers: Record<string, string> = {}): Step =>
    reply.json(status, { code: status, message, data: null, requestId: `req-${status}` }, headers),
  envelope: (code: number, message: string): Step =>
    reply.json(200, { code, message, data: null, requestId: "req-env" }),
  raw:
    (status: number, text: string, headers: Record<string, string> = {}): Step =>
    (_req, res) => {
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        ...headers,
      });
      res.end(text);
    },
  /** Promises 200 bytes, sends 20, then drops the connection. */
  truncated: (): Step => (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
    res.write('{"code":0,"data":[{"');
    setTimeout(() => res.socket?.destroy(), 10);
  },
  reset: (): Step => (req) => req.socket.destroy(),
  delay:
    (ms: number, then: Step): Step =>
    (req, res, n) => {
      const timer = setTimeout(() => then(req, res, n), ms);
      res.on("close", () => clearTimeout(timer));
    },
};

/** A real HTTP server on 127.0.0.1 and a random port; request n gets steps[n-1] (the last repeats). */
export async function startScriptedServer(
  steps: Step[],
  host = "127.0.0.1",
): Promise<ScriptedServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, at: Date.now() });
    const n = received.length;
    steps[Math.min(n, steps.length) - 1]!(req, res, n);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A scripted server for each test that asks for one, closed after it: call at the top of a test
 * file, then `const server = await serverPerTest.start([...])` in a test.
 */
export function serverPerTest(): { start: typeof startScriptedServer } {
  let current: ScriptedServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return { start: async (...args) => (current = await startScriptedServer(...args)) };
}
