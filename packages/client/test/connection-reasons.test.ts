import { readFileSync } from "node:fs";
import { createServer as createTlsServer } from "node:https";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, createKeyApiClient } from "../src/index.js";
import { QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer } from "./support/scripted-server.js";

// "connection failed: fetch failed" said nothing a user could act on: the runtime's reason (a
// refused port, a certificate, a proxy's 407, a name that does not resolve) is in the error's
// causes, one to three levels down, and the message now carries the deepest.

const KEY = "sk_live_reason_KEY_0123456789";
const TLS = path.join(path.dirname(fileURLToPath(import.meta.url)), "support/tls");
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});
const listening = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
};

/** The message of the ConnectionError a `get` against `baseUrl` ends in (no retries). */
async function failureAgainst(baseUrl: string, options: object = {}) {
  const client = createKeyApiClient({ apiKey: KEY, baseUrl, maxRetries: 0, ...options });
  const error = await client.get(REVIEWS, { query: QUERY }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectionError);
  return error as ConnectionError;
}

describe("a ConnectionError says why the connection failed", () => {
  // [case, a base URL that fails so (and client options), the message]
  it.each<[string, () => Promise<[string, object?]>, RegExp]>([
    [
      "a port nothing listens on",
      async () => {
        const port = await listening(createServer());
        await closers.pop()!(); // closed again: the port is free, nothing answers
        return [`http://127.0.0.1:${port}`];
      },
      /^connection failed: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
    ],
    [
      "a certificate the runtime does not trust",
      async () => {
        const server = createTlsServer({
          key: readFileSync(path.join(TLS, "api.keyapi.test.key.pem")),
          cert: readFileSync(path.join(TLS, "api.keyapi.test.cert.pem")),
        });
        return [`https://127.0.0.1:${await listening(server as unknown as Server)}`];
      },
      /^connection failed: fetch failed \(self[- ]signed certificate\)$/,
    ],
    [
      "a connection the server drops before answering",
      async () => {
        const server = await startScriptedServer([reply.reset()]);
        closers.push(() => server.close());
        return [server.url];
      },
      /^connection failed: fetch failed \(other side closed\)$/,
    ],
    [
      // A proxy's refusal sits three levels down in undici ("fetch failed" → "Request was
      // cancelled." → the 407): the deepest reason is the one shown.
      "a caller's fetch whose reason is three levels down",
      async () => {
        const refusal = Object.assign(new Error("Proxy response (407) !== 200"), { code: "X" });
        const cancelled = new Error("Request was cancelled.", { cause: refusal });
        const fetch = async () => {
          throw new TypeError("fetch failed", { cause: cancelled });
        };
        return ["https://api.keyapi.test", { fetch }];
      },
      /^connection failed: fetch failed \(Proxy response \(407\) !== 200\)$/,
    ],
    [
      "a reason with no message: its code",
      async () => {
        const fetch = async () => {
          throw new TypeError("fetch failed", {
            cause: Object.assign(new AggregateError([]), { code: "ECONNREFUSED" }),
          });
        };
        return ["https://api.keyapi.test", { fetch }];
      },
      /^connection failed: fetch failed \(ECONNREFUSED\)$/,
    ],
    [
      "no reason below the message: the message alone, as before",
      async () => {
        const fetch = async () => {
          throw new TypeError("network down");
        };
        return ["https://api.keyapi.test", { fetch }];
      },
      /^connection failed: network down$/,
    ],
  ])("%s", async (_case, make, message) => {
    const [baseUrl, options] = await make();
    expect((await failureAgainst(baseUrl, options)).message).toMatch(message);
  });

  it("a key quoted at any depth of the reason is redacted, in the message and the causes", async () => {
    const deepest = new Error(`proxy refused Authorization: Bearer ${KEY}`);
    const fetch = async () => {
      throw new TypeError(`fetch failed for ${KEY}`, {
        cause: new Error("Request was cancelled.", {
          cause: new Error("tunnel", { cause: deepest }),
        }),
      });
    };
    const error = await failureAgainst("https://api.keyapi.test", { fetch });
    expect(error.message).toMatch(/^connection failed: fetch failed for .+ \(proxy refused .+\)$/);
    for (const text of [error.message, inspect(error, { depth: 10 }), JSON.stringify(error)])
      expect(text).not.toContain(KEY);
  });

  it("a cause whose code is no string (kept as it came) never reaches the message", async () => {
    const fetch = async () => {
      throw new TypeError("fetch failed", { cause: { message: "", code: [`bad key ${KEY}`] } });
    };
    const error = await failureAgainst("https://api.keyapi.test", { fetch });
    expect(error.message).toBe("connection failed: fetch failed");
  });
});
