import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { createKeyApiClient, type LogLevel } from "../src/index.js";
import { onAbort } from "../src/core/on-abort.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, serverPerTest, type Step } from "./support/scripted-server.js";

// Findings earlier hostile reviews left alone, each fixed with the case that showed it.

const servers = serverPerTest();

describe("Set-Cookie: every cookie kept apart when the key is redacted from headers", () => {
  const cookies =
    (values: string[]): Step =>
    (_req, res) => {
      res.setHeader("set-cookie", values);
      reply.ok()(_req, res, 1);
    };
  // [case, cookies sent, cookies openapi-fetch's Response must hold]
  it.each<[string, string[], string[]]>([
    ["none echoes the key", ["a=1; Path=/", "b=2; Path=/"], ["a=1; Path=/", "b=2; Path=/"]],
    ["one echoes it", ["a=1", `k=${KEY}; Path=/`, "c=3"], ["a=1", "k=[redacted]; Path=/", "c=3"]],
    ["one cookie", [`k=${KEY}`], ["k=[redacted]"]],
  ])("%s", async (_case, sent, want) => {
    const server = await servers.start([cookies(sent)]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    const { response } = await client.GET(REVIEWS, { params: { query: QUERY } });
    expect(response.headers.getSetCookie()).toEqual(want);
  });
});

describe("logLevel: a level no logger knows is refused at creation", () => {
  it.each(["verbose", "WARN", "", 3])("%o", (logLevel) => {
    expect(() => createKeyApiClient({ apiKey: KEY, logLevel: logLevel as LogLevel })).toThrow(
      `createKeyApiClient: logLevel must be one of debug, info, warn, error, off, got ${JSON.stringify(logLevel)}`,
    );
  });
});

describe("one signal shared by many calls: one listener on it", () => {
  it("50 calls in flight under one signal: one listener, no warning, every call aborted", async () => {
    // Answers only after the abort: every call is in flight when it comes.
    const server = await servers.start([reply.delay(5_000, reply.ok())]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url, maxRetries: 0 });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const calls = Array.from({ length: 50 }, () =>
        client.get(REVIEWS, { query: QUERY, signal: controller.signal }).then(
          () => "resolved",
          (e: unknown) => e,
        ),
      );
      while (server.received.length < 50) await new Promise((r) => setTimeout(r, 5));
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
      const reason = new Error("stop");
      controller.abort(reason);
      expect(await Promise.all(calls)).toEqual(Array(50).fill(reason));
      await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on a later tick
      expect(warnings).not.toContain("MaxListenersExceededWarning");
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("callbacks run in the order they came; a stopped one never runs", () => {
    const controller = new AbortController();
    const ran: string[] = [];
    onAbort(controller.signal, () => ran.push("a"));
    const stopB = onAbort(controller.signal, () => ran.push("b"));
    onAbort(controller.signal, () => ran.push("c"));
    stopB();
    controller.abort();
    expect(ran).toEqual(["a", "c"]);
  });
});
