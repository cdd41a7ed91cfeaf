import { EXIT, exitCodeFor, OutputError, signalExit, STOP_SIGNALS } from "../exit-codes.js";
import { lockOutput } from "../output/lock.js";
import { resolveOut } from "../output/out-path.js";
import { outputError, type OutputTarget } from "../output/target.js";

// What every pull shares around its loop: one run an output (the lock), the ways a pull is
// stopped early (signals, a closed pipe, an output error), how its output ends, its exit code.

/** A signal stopped the pull; the exit code is the shell's 128 + the signal's number. */
export class Interrupted extends Error {
  readonly exitCode: number;
  constructor(signal: NodeJS.Signals) {
    super("interrupted");
    this.exitCode = signalExit(signal);
  }
}

/** The reader went away (`| head`): the pull stops as asked, exit 0. */
export class OutputClosed extends Error {
  constructor() {
    super("output closed");
  }
}

/** Runs `fn` holding `--out`'s lock (resolved first): one run an output. */
export async function withOutput<O extends { out?: string | undefined }, R>(
  given: O,
  fn: (o: O) => Promise<R>,
): Promise<R> {
  const o = given.out === undefined ? given : { ...given, out: resolveOut(given.out) };
  // The lock comes before anything about the output is read.
  const release = o.out ? await lockOutput(o.out) : () => {};
  try {
    return await fn(o);
  } finally {
    release();
  }
}

/**
 * Ends the process by `signal`, as if it had no handler: the shell's 128 + its number. Not
 * `process.exit`: a pool thread blocked opening a FIFO that nobody reads (`--out`, a report)
 * keeps that waiting for good.
 */
export function dieBy(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

/** After a second signal, how long a pull has to end well before the process is ended by it. */
export const CANCEL_MS = 3_000;

/** A signal after a pull has finished: the first is let pass, a second ends the process. */
let lateHeld = false;
let signalled = false;
const late = (signal: NodeJS.Signals) => {
  if (signalled) dieBy(signal);
  signalled = true;
};

/**
 * How long the pages in flight at a first Ctrl-C may take to arrive before they are given up:
 * one answer at the vendor's latency (1.5 s) with a retry or two, not a hang.
 */
export const DRAIN_MS = 10_000;

/** Whether a pull was stopped, and why: the fate of its output reads it at the end. */
export interface Stopped {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/**
 * Turns the ways a pull is stopped early into two signals. A first SIGINT, SIGTERM or SIGHUP
 * (`timeout`, `docker stop`, a closed terminal, like Ctrl-C) is `stop`: nothing new is asked
 * for, and the pages already bought arrive and are written (within {@link DRAIN_MS}). `cancel`
 * drops what is in flight: a second signal, the drain's time up, a closed pipe (`| head`,
 * instead of a crash on EPIPE), an output that cannot be written (`watch` it once open).
 * `stopped` is the first of them, unless the output failed: that outranks a signal, since the
 * records are then not all there. `release()` once the output is finished: a second Ctrl-C
 * while the data is renamed into place must not kill the process between two steps.
 */
export function watchStops(inFlight = "the pages in flight are arriving") {
  const stop = new AbortController();
  const cancel = new AbortController();
  let failed: OutputError | undefined;
  let drain: NodeJS.Timeout | undefined;
  // Whatever cancels, the stop's first reason is the pull's.
  const cancelNow = () => cancel.abort(stop.signal.reason);
  const end = (reason: unknown) => {
    if (reason instanceof OutputError) failed ??= reason;
    stop.abort(reason);
    cancelNow();
  };
  let heard = 0;
  let hard: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A third ends the process at once, and a second if the pull cannot end (its output a FIFO
    // nobody reads): cancelling what is in flight reaches no open that waits.
    if (++heard > 2) return dieBy(signal);
    if (stop.signal.aborted) {
      hard ??= setTimeout(() => dieBy(signal), CANCEL_MS).unref();
      return cancelNow();
    }
    stop.abort(new Interrupted(signal));
    process.stderr.write(
      `${process.stderr.isTTY ? "\n" : ""}stopping: ${inFlight} (at most ${DRAIN_MS / 1000} s); ${signal === "SIGINT" ? "Ctrl-C" : signal} again stops at once\n`,
    );
    drain = setTimeout(cancelNow, DRAIN_MS).unref();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const onStdoutError = (e: NodeJS.ErrnoException) =>
    end(e.code === "EPIPE" ? new OutputClosed() : outputError("stdout", e));
  process.stdout.on("error", onStdoutError);
  return {
    stop: stop.signal,
    cancel: cancel.signal,
    stopped: {
      get aborted() {
        return stop.signal.aborted;
      },
      get reason() {
        return failed ?? stop.signal.reason;
      },
    } satisfies Stopped,
    /**
     * The output's errors stop the pull too. `--out /dev/stdout | head`: a pipe closed under a
     * device path is a reader gone, as above (ENXIO when it was gone before the device was
     * opened for writing).
     */
    watch(target: OutputTarget | undefined, out: string | undefined) {
      target?.stream.on("error", (e: NodeJS.ErrnoException) =>
        end(e.code === "EPIPE" || e.code === "ENXIO" ? new OutputClosed() : outputError(out!, e)),
      );
    },
    release() {
      clearTimeout(drain);
      process.stdout.off("error", onStdoutError);
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      // The output has its fate and the credits are counted: a signal now (a `timeout` firing
      // as the run ends) must not make a finished pull exit 143. A second one still ends a
      // process that hangs after (a Redis that will not close). Held listeners keep no process
      // alive.
      if (!lateHeld) for (const signal of STOP_SIGNALS) process.on(signal, late);
      lateHeld = true;
    },
  };
}

export type Stops = ReturnType<typeof watchStops>;

/**
 * How a pull whose walk ran to its end was stopped: a signal that came while its last pages were
 * in flight did not stop it (they finished it, and it is said so); an output that failed did.
 */
export function ranToEnd(stopped: Stopped): Stopped {
  if (!(stopped.reason instanceof Interrupted)) return stopped;
  process.stderr.write("the pages in flight were the last: the pull is complete\n");
  return { aborted: false, reason: undefined };
}

/**
 * Runs a pull with its stops watched from before its output is locked and opened (a signal
 * there ended the process, leaving the lock and an empty checkpoint) until its output has its
 * fate. After the key is read: a Ctrl-C while a FIFO holds the key back still ends the process.
 */
export async function withStops<R>(fn: (stops: Stops) => Promise<R>): Promise<R> {
  const stops = watchStops();
  try {
    return await fn(stops);
  } finally {
    stops.release();
  }
}

/** How a pull ended, as its output's fate needs it. */
export interface Ending {
  records: number;
  failure: unknown;
  stopped: unknown;
}

/**
 * Reads the stop into the result (an output error is the failure; a stop is `stopped`), and
 * whether what was written is worth ending well-formed.
 */
export function readStop(result: Ending, signal: Stopped): boolean {
  const reason: unknown = signal.reason;
  if (reason instanceof OutputError) result.failure = reason;
  result.stopped = signal.aborted ? reason : undefined;
  return !result.failure || signal.aborted;
}

/**
 * The output file's fate. Success takes the final name, and so does an interruption of a new
 * `--out`. A run that failed or was stopped never replaces an existing `--out`: the records it
 * bought are kept (in `--out` if new, else `<out>.partial`).
 */
export async function finishTarget(
  target: OutputTarget,
  result: Ending,
  signal: Stopped,
  outExisted: boolean,
): Promise<void> {
  const whole = !result.failure && !signal.aborted;
  const keep = !result.failure || signal.aborted;
  if (result.failure instanceof OutputError) await target.discard();
  else if (whole || (keep && !outExisted)) await target.commit().catch((e) => (result.failure = e));
  else if (result.records > 0) {
    const kept = await target.keepPartial().catch((e) => ((result.failure = e), undefined));
    // A pipe or device holds nothing once read (`| head` took what it wanted).
    if (kept && !target.direct)
      process.stderr.write(`the ${result.records} records received are in ${kept}\n`);
  } else await target.discard();
}

/**
 * Whether a pull ended on the command line's mistake before sending anything (a parameter the
 * client refused, plain http to another host): its one line is the error, with no line of zero
 * credits before it.
 */
export const refusedUnsent = (r: { requests: number; failure: unknown; stopped: unknown }) =>
  r.requests === 0 && !r.stopped && !!r.failure && exitCodeFor(r.failure) === EXIT.usage;

/** The exit code of a stopped pull (after its credits line), or undefined if it was not stopped. */
export function stoppedExit(stopped: unknown): number | undefined {
  if (stopped instanceof OutputError) throw stopped;
  if (!stopped) return undefined;
  if (stopped instanceof OutputClosed) return EXIT.ok;
  process.stderr.write("interrupted: the output holds every whole record received\n");
  return stopped instanceof Interrupted ? stopped.exitCode : EXIT.interrupted;
}
