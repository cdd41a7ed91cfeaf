/** The two log calls the request machinery makes (the public `Logger` has more). */
export interface LogSink {
  debug(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Every `logLevel`, quietest last. */
export const LEVELS: readonly string[] = ["debug", "info", "warn", "error", "off"];

/** Whether a message at level `at` is logged under the client's `logLevel` (default `warn`). */
export const passes = (at: string, level = "warn"): boolean =>
  LEVELS.indexOf(at) >= LEVELS.indexOf(level);
