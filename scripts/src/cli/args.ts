import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * `parseArgs` for the scripts' commands: a mistake on the command line (an unknown option, a
 * missing value, a stray argument) is told in one line, named for the command, and exits 2 (the
 * scripts' code for bad arguments) instead of a stack trace.
 */
export function argsOrExit<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) throw error;
    console.error(`${command}: ${String(message).split("\n")[0]}`);
    process.exit(2);
  }
}
