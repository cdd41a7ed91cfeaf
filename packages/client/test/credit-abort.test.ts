import { afterEach, describe, expect, it, vi } from "vitest";
import { createKeyApiClient, CreditBudgetExceededError, type KeyApiClient } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import {
  reply,
  startScriptedServer,
  type ScriptedServer,
  type Step,
} from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A vendor that answers every page in full (page_size items) and charges it: the 200's headers
 * go out at once, the body 40 ms later, so a caller that gives up meanwhile has seen a 2xx.
 */
const headersFirst: Step = (req, res) => {
  const url = new URL(req.url!, "http://x");
  const [product, page] = ["product_id", "page_num"].map((p) => url.searchParams.get(p));
  const data = Array.from({ length: Number(url.searchParams.get("page_size")) }, (_, i) => ({
    review_id: `${product}-${page}-${i}`,
    rating: 5,
  }));
  res.writeHead(200, { "content-type": "application/json" });
  res.flushHeaders();
  const timer = setTimeout(() => res.end(JSON.stringify({ code: 0, data, requestId: "r" })), 40);
  res.on("close", () => clearTimeout(timer));
};

/** Every reservation settled: what `charged` says is final. */
const settled = (client: KeyApiClient, max: number) =>
  vi.waitFor(() => expect(client.credits.remaining).toBe(max - client.credits.charged));

/** A client whose fetch calls `seen` once a response's headers are in, its body not yet read. */
const clientFor = (url: string, seen: () => void, options: object = {}) =>
  createKeyApiClient({
    apiKey: KEY,
    baseUrl: url,
    ...options,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      seen();
      return response;
    },
  });

describe("maxCredits holds across walks that end with a page in flight", () => {
  const walkOf = (client: KeyApiClient, product: number, signal?: AbortSignal) =>
    client.paginate(REVIEWS, { query: { product_id: String(product), page_size: 2 }, signal });

  // [name, one product's walk, given the client and a hook run when headers arrive]
  it.each<[string, (client: KeyApiClient, product: number, onHeaders: Hook) => Promise<void>]>([
    [
      "break at page 2's first item: the walk cancels page 3, in flight",
      async (client, product) => {
        let n = 0;
        for await (const _ of walkOf(client, product)) if (++n > 2) break;
      },
    ],
    [
      "an AbortSignal that fires once page 1's 200 headers arrived, body pending",
      async (client, product, onHeaders) => {
        const controller = new AbortController();
        onHeaders.run = () => controller.abort(new Error("caller gave up"));
        await (async () => {
          for await (const _ of walkOf(client, product, controller.signal)) break;
        })().catch((e) => {
          if (e instanceof CreditBudgetExceededError) throw e;
        });
      },
    ],
  ])("%s", async (_name, walkOne) => {
    server = await startScriptedServer([headersFirst]);
    const onHeaders: Hook = { run: () => {} };
    const client = clientFor(server.url, () => onHeaders.run(), { maxCredits: 30 });
    let stop: unknown;
    for (let product = 1; product <= 100 && !stop; product++)
      stop = await walkOne(client, product, onHeaders).catch((e) => e);
    expect(stop).toBeInstanceOf(CreditBudgetExceededError);
    await settled(client, 30);
    expect(server.received.length).toBeLessThanOrEqual(30);
    expect(client.credits.charged).toBeGreaterThanOrEqual(server.received.length);
    expect(client.credits.charged).toBeLessThanOrEqual(30);
  });
});
interface Hook {
  run: () => void;
}

describe("a call the caller cancels is charged when the vendor may have served it", () => {
  const holds: Step = () => {}; // never answers: no headers ever
  // [name, server step, when the caller aborts, want charged, want requests received]
  it.each<[string, Step, string, number, number]>([
    ["a 200's headers arrived, body pending", headersFirst, "headers", 1, 1],
    ["handed to fetch, no headers yet", holds, "sent", 1, 1],
    ["a 500's headers arrived (a known error: free)", reply.error(500, "x"), "headers", 0, 1],
    ["aborted before the call (never sent: free)", reply.ok(), "before", 0, 0],
    ["aborted waiting for a rate-limit turn (never sent: free)", reply.ok(), "queue", 0, 0],
  ])("%s", async (_name, step, when, charged, received) => {
    server = await startScriptedServer([step]);
    const controller = new AbortController();
    const abort = () => controller.abort(new Error("caller gave up"));
    if (when === "before") abort();
    // Aborted once the request is on its way: the server holds it, so no headers come.
    if (when === "sent")
      void vi.waitFor(() => expect(server!.received).toHaveLength(1)).then(abort);
    const client = clientFor(server.url, () => when === "headers" && abort(), {
      maxRetries: 0,
      maxCredits: 100,
      // A limiter that never grants a turn: the call waits in its queue until the abort.
      rateLimit: when === "queue" && {
        acquire: (signal?: AbortSignal) =>
          new Promise((_, reject) => {
            signal!.addEventListener("abort", () => reject(signal!.reason));
            abort();
          }),
      },
    });
    await expect(client.get(REVIEWS, { query: QUERY, signal: controller.signal })).rejects.toThrow(
      "caller gave up",
    );
    await settled(client, 100);
    expect(client.credits.charged).toBe(charged);
    expect(server.received).toHaveLength(received);
  });
});

// What a hostile review of the attempt without `Promise.race` found: a first version rejected
// through `queueMicrotask`, a microtask earlier than the race when the abort came inside fetch,
// and not at all while a test's fake clock held the microtask queue.
describe("an attempt settles as `Promise.race` settled it", () => {
  it("a 500 a caller's fetch already holds, the caller aborting inside it, is free", async () => {
    server = await startScriptedServer([reply.error(500, "x")]);
    const held = await fetch(`${server.url}${REVIEWS}`);
    const controller = new AbortController();
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      maxRetries: 0,
      maxCredits: 100,
      fetch: async () => {
        controller.abort(new Error("caller gave up"));
        return await held;
      },
    });
    await expect(client.get(REVIEWS, { query: QUERY, signal: controller.signal })).rejects.toThrow(
      "caller gave up",
    );
    await settled(client, 100);
    expect(client.credits.charged).toBe(0);
  });

  it("a caller's abort settles the call while a fake clock holds queueMicrotask", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "queueMicrotask"] });
    try {
      const client = createKeyApiClient({
        apiKey: KEY,
        baseUrl: "http://127.0.0.1:9",
        maxRetries: 0,
        fetch: () => new Promise<Response>(() => {}), // a mock that ignores init.signal
      });
      const controller = new AbortController();
      const call = client.get(REVIEWS, { query: QUERY, signal: controller.signal });
      const outcome = call.then(
        () => "resolved",
        (e: Error) => e.message,
      );
      for (let i = 0; i < 10; i++) await Promise.resolve();
      controller.abort(new Error("caller gave up"));
      let seen: string | undefined;
      void outcome.then((o) => (seen = o));
      for (let i = 0; i < 50; i++) await Promise.resolve();
      expect(seen).toBe("caller gave up");
    } finally {
      vi.useRealTimers();
    }
  });
});
