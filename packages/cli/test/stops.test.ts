import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { Interrupted, OutputClosed, watchStops } from "../src/export/stops.js";
import { OutputError } from "../src/exit-codes.js";
import type { OutputTarget } from "../src/output/target.js";

// The ways a pull is stopped, one after another, and what each signal says after them: a first
// signal stops gently (`stop`), a second, the drain's end or a lost output cancels at once.

// A released watch leaves a listener that ends the process (by the signal) at a second late
// signal, and a third signal ends it: never this worker, whose listeners are put back.
let kill: MockInstance<typeof process.kill>;
const held = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map(
  (s) => [s, process.listeners(s)] as const,
);
beforeEach(() => void (kill = vi.spyOn(process, "kill").mockImplementation(() => true)));
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  for (const [signal, listeners] of held) {
    process.removeAllListeners(signal);
    for (const l of listeners) process.on(signal, l);
  }
});

type Event = "SIGINT" | "SIGTERM" | "EPIPE" | "ENOSPC" | "drain ends";

// [events in order, stop aborted, cancel aborted, what `stopped.reason` is]
const cases: [Event[], boolean, boolean, (reason: unknown) => void][] = [
  [[], false, false, (r) => expect(r).toBeUndefined()],
  [["SIGINT"], true, false, (r) => expect(r).toMatchObject({ exitCode: 130 })],
  [["SIGTERM"], true, false, (r) => expect(r).toMatchObject({ exitCode: 143 })],
  [["SIGINT", "SIGINT"], true, true, (r) => expect(r).toBeInstanceOf(Interrupted)],
  [["SIGTERM", "SIGINT"], true, true, (r) => expect(r).toMatchObject({ exitCode: 143 })],
  [["SIGINT", "drain ends"], true, true, (r) => expect(r).toBeInstanceOf(Interrupted)],
  [["EPIPE"], true, true, (r) => expect(r).toBeInstanceOf(OutputClosed)],
  [["ENOSPC"], true, true, (r) => expect(r).toBeInstanceOf(OutputError)],
  // The disk filled while the pages in flight were written: the output is not whole, and says so.
  [["SIGINT", "ENOSPC"], true, true, (r) => expect(r).toBeInstanceOf(OutputError)],
  [["ENOSPC", "SIGINT"], true, true, (r) => expect(r).toBeInstanceOf(OutputError)],
  [["SIGINT", "EPIPE"], true, true, (r) => expect(r).toBeInstanceOf(Interrupted)],
];

describe("watchStops", () => {
  it.each(cases)("%j: stop %s, cancel %s", (events, stop, cancel, reason) => {
    vi.useFakeTimers();
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stream = new EventEmitter();
    const target = { stream } as unknown as OutputTarget;
    const stops = watchStops();
    stops.watch(target, "out.csv");
    try {
      for (const event of events)
        if (event === "drain ends") vi.advanceTimersByTime(10_000);
        else if (event === "EPIPE" || event === "ENOSPC")
          stream.emit("error", Object.assign(new Error(event), { code: event }));
        else process.emit(event, event);
      expect(stops.stop.aborted).toBe(stop);
      expect(stops.cancel.aborted).toBe(cancel);
      expect(stops.stopped.aborted).toBe(stop);
      reason(stops.stopped.reason);
      // A first signal says what happens next, on one line.
      const said = stderr.mock.calls.map(([text]) => String(text)).join("");
      if (events[0]?.startsWith("SIG"))
        expect(said).toMatch(
          /^stopping: the pages in flight are arriving \(at most 10 s\); (Ctrl-C|SIGTERM) again stops at once\n$/,
        );
      else expect(said).toBe("");
    } finally {
      stops.release();
    }
  });

  // [signals, ms after the last, whether the process is ended by the last signal]
  it.each<[NodeJS.Signals[], number, boolean]>([
    [["SIGINT", "SIGINT"], 2_999, false],
    // A second signal cancels; a pull that still has not ended (an --out FIFO nobody reads, its
    // open waiting in a pool thread) is ended by it.
    [["SIGINT", "SIGINT"], 3_000, true],
    [["SIGTERM", "SIGTERM", "SIGTERM"], 0, true],
    [["SIGINT"], 60_000, false],
  ])("%j, %i ms later: the process ended by the signal: %s", (signals, ms, ended) => {
    vi.useFakeTimers();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stops = watchStops();
    try {
      for (const signal of signals) process.emit(signal, signal);
      vi.advanceTimersByTime(ms);
      if (ended) expect(kill).toHaveBeenCalledWith(process.pid, signals.at(-1));
      else expect(kill).not.toHaveBeenCalled();
    } finally {
      stops.release();
    }
  });

  it("the drain's time runs only from the first signal, and not after release", () => {
    vi.useFakeTimers();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stops = watchStops();
    vi.advanceTimersByTime(60_000);
    expect(stops.cancel.aborted).toBe(false);
    process.emit("SIGINT", "SIGINT");
    vi.advanceTimersByTime(9_999);
    expect(stops.cancel.aborted).toBe(false);
    stops.release();
    vi.advanceTimersByTime(1);
    expect(stops.cancel.aborted).toBe(false);
  });
});
