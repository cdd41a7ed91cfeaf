import { afterEach, expect, it, vi } from "vitest";
import { watchStops } from "../src/export/stops.js";

afterEach(() => vi.restoreAllMocks());

// A SIGTERM in the last milliseconds of a finished pull (a `timeout` firing as it ends) met no
// listener once the pull had released its own, and Node's default ended it with 143: a
// complete output, its checkpoint gone, read as a failure (and `--resume` then refused).
it("after release, a first signal is let pass and a second ends the process", () => {
  const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
  const { stopped, release } = watchStops();
  release();
  expect(process.listenerCount("SIGTERM")).toBeGreaterThan(0);
  process.emit("SIGTERM", "SIGTERM");
  expect(exit).not.toHaveBeenCalled();
  expect(stopped.aborted).toBe(false);
  process.emit("SIGINT", "SIGINT");
  expect(exit).toHaveBeenCalledWith(130);
});
