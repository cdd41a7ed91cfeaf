/** `logLevel` option: messages below it are dropped; `off` drops everything. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-shaped; pino, winston and console itself fit. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
