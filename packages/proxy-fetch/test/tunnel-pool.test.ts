import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tunnelPools } from "../src/tunnel-pool.js";

// The proxy's pool as undici drives it: its CONNECTs, scripted one by one.
const CONNECT = { path: "api.keyapi.test:443" };
type Answer = "hangs" | "hangs up" | "times out" | 200 | 407;
/** What undici's pool rejects a CONNECT with, by the answer that made it. */
const FAILURES: Record<string, [message: string, code: string]> = {
  "hangs up": ["other side closed", "UND_ERR_SOCKET"],
  "times out": ["Headers Timeout Error", "UND_ERR_HEADERS_TIMEOUT"],
};

function poolAnswering(answers: Answer[]) {
  const sent: number[] = [];
  const created: object[] = [];
  class ScriptedPool {
    constructor(_origin: URL, options: object) {
      created.push(options);
    }
    connect() {
      const answer = answers[sent.length] ?? 200;
      sent.push(sent.length);
      if (answer === "hangs") return new Promise(() => {});
      if (typeof answer === "string") {
        const [message, code] = FAILURES[answer]!;
        return Promise.reject(Object.assign(new Error(message), { code }));
      }
      return Promise.resolve({ statusCode: answer, socket: { destroy() {} } });
    }
  }
  const pools = tunnelPools(ScriptedPool as never, "HTTPS_PROXY", 10_000);
  return { pool: pools.factory(new URL("http://proxy:3128"), {}), sent, pools, created };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    (a) => `answered ${(a as { statusCode: number }).statusCode}`,
    (e: Error) => `${e.name}: ${e.message}`,
  );

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the CONNECTs to a proxy, as the pool sends them", () => {
  it("a first CONNECT the proxy never answers holds the others 5 s at most, not for the run", async () => {
    const { pool, sent } = poolAnswering(["hangs", 200]);
    void pool.connect(CONNECT);
    const second = outcome(pool.connect(CONNECT));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sent).toHaveLength(1); // still waiting for the first's answer
    await vi.advanceTimersByTimeAsync(1);
    expect(await second).toBe("answered 200");
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

  it("once one went through, they go at once, side by side", async () => {
    const { pool, sent } = poolAnswering([200, "hangs", 200]);
    expect(await outcome(pool.connect(CONNECT))).toBe("answered 200");
    void pool.connect(CONNECT);
    expect(await outcome(pool.connect(CONNECT))).toBe("answered 200");
    expect(sent).toHaveLength(3);
  });

  it.each<[Answer, string]>([
    ["hangs up", "closed the connection without answering"],
    ["times out", "did not answer the CONNECT within 10000 ms"],
  ])("a CONNECT that %s is named, with no code undici would retry on", async (answer, why) => {
    const { pool } = poolAnswering([answer]);
    const error = await pool.connect(CONNECT).catch((e: { name: string; code?: string }) => e);
    expect(error).toMatchObject({ name: "ProxyError", message: `the proxy in HTTPS_PROXY ${why}` });
    expect((error as { code?: string }).code).toBeUndefined();
  });

  it("the proxy's pool waits the tunnel's bound for a CONNECT's answer, not undici's 300 s", () => {
    const { created } = poolAnswering([]);
    expect(created).toEqual([expect.objectContaining({ headersTimeout: 10_000 })]);
  });
});
