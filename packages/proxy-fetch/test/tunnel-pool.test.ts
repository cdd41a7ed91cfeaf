import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isProxyAuthRefusal, isProxyRefusal, tunnelPools } from "../src/tunnel-pool.js";

// The proxy's pool as undici drives it: its CONNECTs, scripted one by one.
const CONNECT = { path: "api.keyapi.test:443" };
type Answer = "hangs" | "hangs up" | 200 | 403 | 407;
const BOUND = 10_000;
const TIMED_OUT = `ProxyError: the proxy in HTTPS_PROXY did not open a tunnel within ${BOUND} ms`;

function poolAnswering(answers: Answer[]) {
  const sent: number[] = [];
  class ScriptedPool {
    connect(o: { signal?: AbortSignal }) {
      const answer = answers[sent.length] ?? 200;
      sent.push(sent.length);
      // As undici does: a CONNECT whose signal aborts fails with its reason.
      if (answer === "hangs")
        return new Promise((_, reject) =>
          o.signal?.addEventListener("abort", () => reject(o.signal!.reason)),
        );
      if (answer === "hangs up")
        return Promise.reject(
          Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
        );
      return Promise.resolve({ statusCode: answer, socket: { destroy() {} } });
    }
  }
  const pools = tunnelPools(ScriptedPool as never, "HTTPS_PROXY", BOUND);
  return { pool: pools.factory(new URL("http://proxy:3128"), {}), sent, pools };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (a) => `answered ${(a as { statusCode: number }).statusCode}`,
    (e: Error) => `${e.name}: ${e.message}`,
  );

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the CONNECTs to a proxy, as the pool sends them", () => {
  it("a first CONNECT the proxy lost: the others go at half the bound, and get through", async () => {
    const { pool, sent } = poolAnswering(["hangs", 200, 200]);
    const [first, ...others] = [0, 1, 2].map(() => outcome(pool.connect(CONNECT)));
    await vi.advanceTimersByTimeAsync(BOUND / 2 - 1);
    expect(sent).toHaveLength(1); // still waiting for the first's answer
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(others)).toEqual(["answered 200", "answered 200"]);
    await vi.advanceTimersByTimeAsync(BOUND / 2);
    expect(await first).toBe(TIMED_OUT);
  });

  it("a silent proxy: each request fails at its own bound, counted from its asking", async () => {
    const { pool, sent } = poolAnswering(["hangs", "hangs", "hangs"]);
    const settled: string[] = [];
    const all = [0, 1, 2].map(() => outcome(pool.connect(CONNECT)));
    for (const p of all) void p.then((s) => settled.push(s));
    await vi.advanceTimersByTimeAsync(BOUND - 1);
    expect(settled).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(all)).toEqual([TIMED_OUT, TIMED_OUT, TIMED_OUT]);
    expect(sent).toHaveLength(3);
  });

  it("a first that failed otherwise than by a 407: the others go at once, its failure not theirs", async () => {
    const { pool, sent } = poolAnswering(["hangs up", 200, 200]);
    const all = [0, 1, 2].map(() => outcome(pool.connect(CONNECT)));
    expect(await Promise.all(all)).toEqual([
      "ProxyError: the proxy in HTTPS_PROXY closed the connection without answering",
      "answered 200",
      "answered 200",
    ]);
    expect(sent).toHaveLength(3);
  });

  it("an answer other than 200 or 407 is named, and opens no tunnel for the others", async () => {
    const { pool, sent } = poolAnswering([403, "hangs", 200]);
    expect(await outcome(pool.connect(CONNECT))).toBe(
      "ProxyError: the proxy in HTTPS_PROXY answered the CONNECT with 403",
    );
    // Still no tunnel: the next is a new first, and the one after waits for it.
    const second = outcome(pool.connect(CONNECT));
    void pool.connect(CONNECT).catch(() => {});
    await vi.advanceTimersByTimeAsync(BOUND / 2 - 1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(BOUND / 2 + 1);
    expect(await second).toBe(TIMED_OUT);
  });

  it("a 407 to the first: the others are refused without being sent (one password a run)", async () => {
    const { pool, sent } = poolAnswering([407]);
    const all = [pool.connect(CONNECT), pool.connect(CONNECT), pool.connect(CONNECT)].map(outcome);
    expect(await Promise.all(all)).toEqual(
      Array(3).fill(
        "ProxyAuthenticationError: the proxy in HTTPS_PROXY refused its credentials (407 Proxy Authentication Required): not asked again",
      ),
    );
    expect(sent).toHaveLength(1);
    expect(await outcome(pool.connect(CONNECT))).toMatch(/^ProxyAuthenticationError/);
    expect(sent).toHaveLength(1);
  });

  it("once one went through, they go at once, side by side, each with its own bound", async () => {
    const { pool, sent } = poolAnswering([200, "hangs", 200]);
    expect(await outcome(pool.connect(CONNECT))).toBe("answered 200");
    const hung = outcome(pool.connect(CONNECT));
    expect(await outcome(pool.connect(CONNECT))).toBe("answered 200");
    expect(sent).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(BOUND);
    expect(await hung).toBe(TIMED_OUT);
  });

  it("a hang-up under the CONNECT is named, with no code undici would retry on", async () => {
    const { pool } = poolAnswering(["hangs up"]);
    const error = await pool.connect(CONNECT).catch((e: { name: string; code?: string }) => e);
    expect(error).toMatchObject({
      name: "ProxyError",
      message: "the proxy in HTTPS_PROXY closed the connection without answering",
    });
    expect((error as { code?: string }).code).toBeUndefined();
  });

  it("a signal undici gives the CONNECT still ends it, with its own reason", async () => {
    const { pool } = poolAnswering(["hangs"]);
    const given = new AbortController();
    const pending = outcome(pool.connect({ ...CONNECT, signal: given.signal }));
    given.abort(new Error("the request went away"));
    expect(await pending).toBe("Error: the request went away");
  });

  it("a request that goes away while it waits for the first: it leaves at once, nothing sent", async () => {
    const { pool, sent } = poolAnswering(["hangs", 200]);
    void pool.connect(CONNECT).catch(() => {});
    const given = new AbortController();
    const waiting = outcome(pool.connect({ ...CONNECT, signal: given.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    given.abort(new Error("the request went away"));
    expect(await waiting).toBe("Error: the request went away");
    // One already gone when it asks does not wait at all.
    const gone = outcome(
      pool.connect({ ...CONNECT, signal: AbortSignal.abort(new Error("gone before")) }),
    );
    const settled = await Promise.race([gone, vi.advanceTimersByTimeAsync(0).then(() => "waits")]);
    expect(settled).toBe("Error: gone before");
    await vi.advanceTimersByTimeAsync(BOUND);
    expect(sent).toHaveLength(1);
  });
});

describe("whose an error is", () => {
  const named = (name: string, cause?: unknown) => Object.assign(new Error(name), { name, cause });
  // [case, error, isProxyRefusal, isProxyAuthRefusal]
  it.each<[string, unknown, boolean, boolean]>([
    [
      "no tunnel, under the client's error",
      named("ConnectionError", named("ProxyError")),
      true,
      false,
    ],
    [
      "a 407, two causes down",
      named("ConnectionError", named("TypeError", named("ProxyAuthenticationError"))),
      true,
      true,
    ],
    ["the API's own failure", named("ConnectionError", named("Error")), false, false],
    ["not an error", "ProxyError", false, false],
    ["nothing", undefined, false, false],
  ])("%s", (_case, error, proxy, auth) => {
    expect([isProxyRefusal(error), isProxyAuthRefusal(error)]).toEqual([proxy, auth]);
  });
});
