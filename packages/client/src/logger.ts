export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-shaped; pino, winston and console itself fit. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/** A logger that drops messages below `level`, so call sites need no level checks. */
export function leveled(logger: Logger, level: LogLevel): Logger {
  const at = (l: Exclude<LogLevel, "off">) =>
    RANK[l] >= RANK[level] ? (m: string, f?: Record<string, unknown>) => logger[l](m, f) : () => {};
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
