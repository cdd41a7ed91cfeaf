import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback server answering every request with one fixed status and JSON body (a string is
 * sent as it is: JSON that JSON.stringify could not write, like a record 5,000 levels deep).
 */
export async function startFixedServer(
  status: number,
  body: unknown,
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((_req, res) => {
    requests++;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
