export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-shaped; pino, winston and console itself fit. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "off"];

/** Whether a message at level `at` is logged under the client's `logLevel` (default `warn`). */
export const passes = (at: LogLevel, level: LogLevel = "warn"): boolean =>
  LEVELS.indexOf(at) >= LEVELS.indexOf(level);
