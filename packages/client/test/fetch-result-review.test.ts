import { createServer as createTcpServer } from "node:net";
import { gzipSync } from "node:zlib";
import { Session } from "node:inspector/promises";
import createClient from "openapi-fetch";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidParamsError, type KeyApiClient } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { clientsOnBothRoads, outcome, viewOf } from "./support/roads.js";
import { serverPerTest, type Step } from "./support/scripted-server.js";

// What a hostile review of `GET`'s direct road found. Each case runs on both roads (no
// middleware; a middleware that does nothing) and must come out the same; each failed first.

const servers = serverPerTest();
const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** A server that answers every connection with the same raw bytes (what node:http refuses to send). */
async function rawServer(answer: Buffer): Promise<string> {
  const server = createTcpServer((socket) => {
    socket.once("data", () => socket.end(answer));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** A result as plain data, its Response read too; or what was thrown. */
async function seen(p: Promise<unknown>) {
  const settled = await outcome(p);
  return "value" in settled
    ? viewOf(settled.value as Awaited<ReturnType<KeyApiClient["GET"]>>)
    : settled;
}

describe("parameters are checked before the URL is built, on both roads", () => {
  // [case, call]
  it.each<[string, (c: KeyApiClient) => Promise<unknown>]>([
    [
      "get, a lone surrogate",
      (c) => c.get(REVIEWS, { query: { ...QUERY, product_id: "a\uD83D" } }),
    ],
    [
      "GET, a lone surrogate",
      (c) => c.GET(REVIEWS, { params: { query: { ...QUERY, product_id: "a\uD83D" } } }),
    ],
    [
      "GET, a Symbol",
      (c) => c.GET(REVIEWS, { params: { query: { ...QUERY, product_id: Symbol() as never } } }),
    ],
    ["GET, a path no URL can hold", (c) => c.GET(":x" as never, {} as never)],
    ["GET, null options", (c) => c.GET(REVIEWS, null as never)],
  ])("%s: InvalidParamsError, nothing sent", async (_case, call) => {
    const server = await servers.start([() => {}]);
    for (const client of clientsOnBothRoads({ baseUrl: server.url })) {
      const { thrown } = (await outcome(call(client))) as { thrown: unknown };
      expect(thrown).toBeInstanceOf(InvalidParamsError);
    }
    expect(server.received).toHaveLength(0);
  });
});

describe("answers the roads used to give apart", () => {
  const body = '{"code":404}';
  // [case, the raw answer]
  it.each<[string, Buffer]>([
    [
      "a status text in UTF-8 (no Response can carry it: dropped)",
      Buffer.concat([
        Buffer.from("HTTP/1.1 404 "),
        Buffer.from("中文", "utf8"),
        Buffer.from(`\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`),
      ]),
    ],
    [
      "a content-length of 0 padded with spaces",
      Buffer.from("HTTP/1.1 404 NF\r\ncontent-length:  0 \r\nconnection: close\r\n\r\n"),
    ],
  ])("%s", async (_case, answer) => {
    const url = await rawServer(answer);
    const [direct, through] = clientsOnBothRoads({ baseUrl: url });
    const a = await seen(direct.GET(REVIEWS, { params: { query: QUERY } }));
    expect(a).toHaveProperty("status", 404);
    expect(a).toEqual(await seen(through.GET(REVIEWS, { params: { query: QUERY } })));
  });

  it("a caller's fetch answering with a Response-like object that has no url", async () => {
    const fetch = (async () => ({
      status: 404,
      ok: false,
      statusText: "NF",
      type: "basic",
      headers: new Headers({ "content-type": "application/json" }),
      arrayBuffer: async () => new TextEncoder().encode('{"code":404}').buffer,
    })) as never;
    const [direct, through] = clientsOnBothRoads({ fetch });
    const a = await seen(direct.GET(REVIEWS, { params: { query: QUERY } }));
    expect(a).toMatchObject({ error: { code: 404 }, url: "" });
    expect(a).toEqual(await seen(through.GET(REVIEWS, { params: { query: QUERY } })));
  });

  // [reason the signal aborts with]
  it.each([[0], [""], [false], [null]])(
    "a signal aborted with %o: rejects with it",
    async (why) => {
      const server = await servers.start([() => {}]);
      for (const client of clientsOnBothRoads({ baseUrl: server.url })) {
        const signal = AbortSignal.abort(why);
        const settled = await outcome(client.GET(REVIEWS, { params: { query: QUERY }, signal }));
        expect(settled).toEqual({ thrown: why });
      }
    },
  );
});

describe("the direct road's result is a plain object that holds no key", () => {
  const ok: Step = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-echo": `Bearer ${KEY}` });
    res.end(JSON.stringify({ code: 0, message: "ok", data: [], requestId: "r" }));
  };

  it("behaves as openapi-fetch's own: a proxy, a child, an assignment, a spread", async () => {
    const server = await servers.start([ok]);
    const [client] = clientsOnBothRoads({ baseUrl: server.url });
    const result = await client.GET(REVIEWS, { params: { query: QUERY } });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(new Proxy(result, {}).response).toBeInstanceOf(Response);
    expect(Object.create(result).response).toBe(result.response);
    expect({ ...result }).toEqual({ data: result.data, response: result.response });
    const other = new Response(null, { status: 418 });
    result.response = other;
    expect(result.response).toBe(other);
    expect(result.response.headers.get("x-echo")).toBeNull();
  });

  it("nothing reachable from it, closures included, holds the key", async () => {
    const server = await servers.start([ok]);
    const [client] = clientsOnBothRoads({ baseUrl: server.url });
    const result = await client.GET(REVIEWS, { params: { query: QUERY } });
    // The probe finds the key where it is (the client's own methods close over it).
    expect(await holdsKey(client.get)).toBe(true);
    expect(await holdsKey(result)).toBe(false);
    expect(result.response.headers.get("x-echo")).toBe("Bearer [redacted]");
  });
});

describe("the Response's headers describe the body it holds", () => {
  it("a gzipped answer whose key was redacted: no content-encoding, the length of what is held", async () => {
    const text = JSON.stringify({ code: 400, message: `bad key ${KEY}` });
    const server = await servers.start([
      (_req, res) => {
        const zipped = gzipSync(text);
        res.writeHead(400, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": zipped.length,
        });
        res.end(zipped);
      },
    ]);
    const [client] = clientsOnBothRoads({ baseUrl: server.url });
    const { response } = await client.GET(REVIEWS, { params: { query: QUERY } });
    const held = await response.arrayBuffer();
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("content-length")).toBe(String(held.byteLength));
    expect(new TextDecoder().decode(held)).toContain("bad key [redacted]");
  });
});

it("GET's params are read once: the road is chosen on what is sent", async () => {
  const server = await servers.start([() => {}]);
  const [client] = clientsOnBothRoads({ baseUrl: server.url, timeoutMs: 50 });
  let reads = 0;
  const init = {
    get params() {
      reads++;
      return { query: QUERY };
    },
  };
  await outcome(client.GET(REVIEWS, init as never));
  expect(reads).toBe(1);
});

describe("a second review's findings", () => {
  /** `GET`'s `error` on both roads and from openapi-fetch alone, with the same fetch. */
  async function errorsOf(baseUrl: string, fetch?: typeof globalThis.fetch) {
    const options = fetch ? { baseUrl, fetch } : { baseUrl };
    const plain = createClient<never>(options);
    const ours = clientsOnBothRoads(options);
    const calls = [
      ...ours.map((c) => c.GET(REVIEWS, { params: { query: QUERY } })),
      (plain as { GET: (p: string, o: object) => Promise<unknown> }).GET(REVIEWS, {
        params: { query: QUERY },
      }),
    ];
    return Promise.all(calls.map(async (p) => ((await p) as { error: unknown }).error));
  }

  it("a gzipped empty body with a length past 0: an empty body, as openapi-fetch reads it", async () => {
    const server = await servers.start([
      (_req, res) => {
        const zipped = gzipSync("");
        res.writeHead(500, { "content-encoding": "gzip", "content-length": zipped.length });
        res.end(zipped);
      },
    ]);
    expect(await errorsOf(server.url)).toEqual(["", "", ""]);
  });

  // [case, a caller's fetch's answer, the error openapi-fetch gives]
  it.each<[string, () => Response, unknown]>([
    [
      "no body, a length of 5",
      () => new Response("", { status: 404, headers: { "content-length": "5" } }),
      "",
    ],
    [
      "a body, a length of 0",
      () => new Response("abc", { status: 404, headers: { "content-length": "0" } }),
      undefined,
    ],
  ])("a caller's fetch answering %s: what openapi-fetch gives", async (_case, answer, error) => {
    const fetch = (async () => answer()) as typeof globalThis.fetch;
    expect(await errorsOf("https://api.keyapi.ai", fetch)).toEqual([error, error, error]);
  });

  it("a redirect through a URL that held the key: the result holds no key", async () => {
    const server = await servers.start([
      (req, res) => {
        // The first request hops through a URL holding the key, then lands on a plain one.
        const landing = `${REVIEWS}?product_id=1`;
        if (req.url === landing) {
          res.writeHead(200, { "content-type": "application/json" });
          return void res.end(JSON.stringify({ code: 0, message: "ok", data: [], requestId: "r" }));
        }
        res.writeHead(302, {
          location: req.url!.startsWith("/hop") ? landing : `/hop?token=${KEY}`,
        });
        res.end();
      },
    ]);
    const [client] = clientsOnBothRoads({ baseUrl: server.url });
    const result = await client.GET(REVIEWS, { params: { query: QUERY } });
    expect(server.received.map((r) => r.url)).toEqual([
      expect.stringContaining(REVIEWS),
      `/hop?token=${KEY}`,
      `${REVIEWS}?product_id=1`,
    ]);
    expect(await holdsKey(result)).toBe(false);
  });

  it("an onError middleware sees a falsy abort reason as an Error whose cause it is", async () => {
    const server = await servers.start([() => {}]);
    const [, through] = clientsOnBothRoads({ baseUrl: server.url });
    const seenByMiddleware: unknown[] = [];
    through.use({ onError: ({ error }) => void seenByMiddleware.push(error) });
    const signal = AbortSignal.abort(0);
    expect(await outcome(through.GET(REVIEWS, { params: { query: QUERY }, signal }))).toEqual({
      thrown: 0,
    });
    expect(seenByMiddleware).toHaveLength(1);
    expect(seenByMiddleware[0]).toBeInstanceOf(Error);
    expect((seenByMiddleware[0] as Error).cause).toBe(0);
  });

  it("a sealed result takes a new response, a frozen one refuses it, a stranger's this is named", async () => {
    const server = await servers.start([
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 0, message: "ok", data: [], requestId: "r" }));
      },
    ]);
    const [client] = clientsOnBothRoads({ baseUrl: server.url });
    const other = new Response(null, { status: 418 });
    const sealed = Object.seal(await client.GET(REVIEWS, { params: { query: QUERY } }));
    sealed.response = other;
    expect(sealed.response).toBe(other);
    const frozen = Object.freeze(await client.GET(REVIEWS, { params: { query: QUERY } }));
    expect(() => ((frozen as { response: Response }).response = other)).toThrow(TypeError);
    expect(frozen.response.status).toBe(200);
    const { get } = Object.getOwnPropertyDescriptor(frozen, "response")!;
    expect(() => get!.call({})).toThrow("response: not read from a result of GET");
    // Its hidden state frozen too: still read, made anew each time.
    const result = await client.GET(REVIEWS, { params: { query: QUERY } });
    for (const symbol of Object.getOwnPropertySymbols(result))
      Object.freeze((result as unknown as Record<symbol, object>)[symbol]);
    expect(result.response.status).toBe(200);
  });
});

/**
 * Whether the key is a string reachable from `root` through properties, private fields and
 * closures' scopes (what the inspector shows), to a depth of ten.
 */
const SHARED = /^(\[\[Prototype\]\]|__proto__|constructor|prototype)$/;

async function holdsKey(root: unknown): Promise<boolean> {
  const session = new Session();
  session.connect();
  const g = globalThis as { __probe?: unknown };
  g.__probe = root;
  try {
    const { result } = await session.post("Runtime.evaluate", { expression: "globalThis.__probe" });
    const seenIds = new Set<string>();
    let level = [result.objectId!];
    for (let depth = 0; depth < 10 && level.length; depth++) {
      const next: string[] = [];
      for (const objectId of level) {
        if (seenIds.has(objectId)) continue;
        seenIds.add(objectId);
        // Some ids the inspector hands out (a scope list's entries) are no objects to open.
        const props = await session
          .post("Runtime.getProperties", { objectId, ownProperties: true })
          .catch(() => undefined);
        if (!props) continue;
        const all = [
          ...props.result,
          ...(props.internalProperties ?? []),
          // Private fields: in the protocol, not yet in @types/node.
          ...((props as { privateProperties?: [] }).privateProperties ?? []),
        ] as {
          name: string;
          value?: { value?: unknown; objectId?: string; description?: string };
          get?: { objectId?: string };
        }[];
        for (const p of all) {
          if (typeof p.value?.value === "string" && p.value.value.includes(KEY)) return true;
          // What every object reaches (prototypes, the module's and the global scope) is not
          // what this object holds.
          if (SHARED.test(p.name) || /^(Global|Script|Module)\b/.test(p.value?.description ?? ""))
            continue;
          if (p.value?.objectId) next.push(p.value.objectId);
          if (p.get?.objectId) next.push(p.get.objectId);
        }
      }
      level = next;
    }
    return false;
  } finally {
    delete g.__probe;
    session.disconnect();
  }
}
