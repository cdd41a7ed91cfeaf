/** `logLevel` option: messages below it are dropped; `off` drops everything. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-shaped; pino, winston and console itself fit. */
export interface Logger {
  /** Every attempt (with `logLevel: "debug"`). */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Not used by the client today; part of the console shape. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Retries, with the reason and the wait. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Not used by the client today; part of the console shape. */
  error(message: string, fields?: Record<string, unknown>): void;
}
