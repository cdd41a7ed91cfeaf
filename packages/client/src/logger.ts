export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Anything console-shaped; pino, winston and console itself fit. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ["debug", "info", "warn", "error", "off"] as const;

/** A logger that drops messages below `level`, so call sites need no level checks. */
export function leveled(logger: Logger, level: LogLevel = "warn"): Logger {
  const min = LEVELS.indexOf(level);
  return Object.fromEntries(
    LEVELS.slice(0, 4).map((l, i) => [
      l,
      i < min
        ? () => {}
        : (m: string, f?: Record<string, unknown>) => logger[l as keyof Logger](m, f),
    ]),
  ) as unknown as Logger;
}
