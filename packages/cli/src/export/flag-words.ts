import { InvalidParamsError } from "@keyapi-tiktok/client";
import { UsageError } from "../exit-codes.js";

/**
 * A refused parameter said by the flag the user typed (`--page-size: must be ≤ 10, got 11`),
 * where the command set that parameter from a flag; any other error as it was.
 */
export function inFlagWords(error: unknown, flags: Record<string, string>): unknown {
  if (!(error instanceof InvalidParamsError)) return error;
  if (!error.issues.some((i) => Object.hasOwn(flags, i.param))) return error;
  const said = error.issues.map(
    (i) => `${Object.hasOwn(flags, i.param) ? flags[i.param] : i.param}: ${i.message}`,
  );
  return new UsageError(said.join("; "), { cause: error });
}
