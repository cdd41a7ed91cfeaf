import { afterEach, expect, it, vi } from "vitest";
import { watchStops } from "../src/export/stops.js";

// Ending the process by the signal takes its listeners off first: put back after each case.
const held = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map(
  (s) => [s, process.listeners(s)] as const,
);
afterEach(() => {
  vi.restoreAllMocks();
  for (const [signal, listeners] of held) {
    process.removeAllListeners(signal);
    for (const l of listeners) process.on(signal, l);
  }
});

// A SIGTERM in the last milliseconds of a finished pull (a `timeout` firing as it ends) met no
// listener once the pull had released its own, and Node's default ended it with 143: a
// complete output, its checkpoint gone, read as a failure (and `--resume` then refused).
it("after release, a first signal is let pass and a second ends the process by it", () => {
  const kill = vi.spyOn(process, "kill").mockImplementation(() => true);
  const { stopped, release } = watchStops();
  release();
  expect(process.listenerCount("SIGTERM")).toBeGreaterThan(0);
  process.emit("SIGTERM", "SIGTERM");
  expect(kill).not.toHaveBeenCalled();
  expect(stopped.aborted).toBe(false);
  process.emit("SIGINT", "SIGINT");
  // By the signal itself, with no listener left to hold it: `process.exit` waits for good on a
  // pool thread blocked opening a FIFO that nobody reads.
  expect(kill).toHaveBeenCalledWith(process.pid, "SIGINT");
  expect(process.listenerCount("SIGINT")).toBe(0);
});
