import { InvalidParamsError } from "@keyapi-tiktok/client";
import { validateParams, type Params } from "@keyapi-tiktok/types";
import { operationOf } from "./operation.js";

/**
 * Refuses, before the output, the key or the mock server, a value the user gave that the client
 * would refuse on the first request (`--page-size 11`, `-q page_size=abc`): a flag's mistake is
 * said first (exit 2), not after "No API key". Only values given are judged here: a parameter
 * the pull sets itself (the page, each entity's id) is the client's to check.
 */
export function refuseGivenParams(
  method: string,
  path: string,
  params: Params & { query: Record<string, unknown>; path: Record<string, string> },
): void {
  const given = (name: string) =>
    Object.hasOwn(params.query, name) || Object.hasOwn(params.path, name);
  const issues = validateParams(operationOf(path, method).params, params).filter(
    (i) => given(i.param) || (params.body !== undefined && /^body\b/.test(i.param)),
  );
  if (issues.length) throw new InvalidParamsError(issues, { method: method.toUpperCase(), path });
}
