import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tunnelPools } from "../src/tunnel-pool.js";

// The proxy's pool as undici drives it: its CONNECTs, scripted one by one.
const CONNECT = { path: "api.keyapi.test:443" };
type Answer = "hangs" | "hangs up" | 200 | 407;
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
  it("a first CONNECT never answered: it and those waiting on it fail at the bound, one sent", async () => {
    const { pool, sent } = poolAnswering(["hangs", 200]);
    const all = [pool.connect(CONNECT), pool.connect(CONNECT), pool.connect(CONNECT)].map(outcome);
    const settled: string[] = [];
    for (const p of all) void p.then((s) => settled.push(s));
    await vi.advanceTimersByTimeAsync(BOUND - 1);
    expect(settled).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(all)).toEqual([TIMED_OUT, TIMED_OUT, TIMED_OUT]);
    expect(sent).toHaveLength(1);
    // The next one is a new first: it goes, and opens the tunnel.
    expect(await outcome(pool.connect(CONNECT))).toBe("answered 200");
    expect(sent).toHaveLength(2);
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
});
