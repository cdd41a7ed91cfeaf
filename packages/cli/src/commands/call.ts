import { coerceParam, type OperationSpec } from "@keyapi-tiktok/types";
import { UsageError } from "../exit-codes.js";
import { exportOptions, type ExportFlags } from "../export/flags.js";
import { methodsOf } from "../export/operation.js";
import { codePoint, idsOf } from "../export/ids-file.js";
import { readCapped, readProblem, sizeSaid, TooLarge } from "../input/read-capped.js";
import { oneLine } from "../output/terminal-text.js";
import { refuseKeyAs, refuseOverwrite } from "../input/kept-apart.js";
import { conclude, pull } from "../export/pull.js";
import { concludeEach, pullEach } from "../export/pull-each.js";
import type { GlobalOptions } from "../setup.js";

export interface CallOptions extends ExportFlags {
  query: string[];
  body?: string;
  /** `param=@FILE`: one pull over every value in FILE. */
  each?: string;
  /** `k/N`: this run's share of the values. */
  shard?: string;
}

/** `key=value` pairs, each value read as its parameter's type from the generated table. */
export function parseParams(
  op: OperationSpec,
  pairs: string[],
): { query: Record<string, unknown>; path: Record<string, string> } {
  const query: Record<string, unknown> = {};
  const path: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`--query expects key=value, got "${pair}"`);
    const [name, raw] = [pair.slice(0, eq), pair.slice(eq + 1)];
    // An escape or a line break pasted into a value is sent and paid for, and no value holds one;
    // an invisible joiner may be part of an emoji in a search, so only controls are refused.
    const control = /\p{Cc}/u.exec(raw)?.[0];
    if (control)
      throw new UsageError(
        `--query ${oneLine(name)} holds the control character ${codePoint(control)}: a value is printable text`,
      );
    const param = op.params.find((p) => p.name === name && p.in !== "body");
    // The last of two would win without a word: which one was meant is the caller's to say.
    if (Object.hasOwn(query, name) || Object.hasOwn(path, name))
      throw new UsageError(`--query gives ${name} twice: give it once`);
    // A path parameter (`{video_id}`) is given like the others: -q video_id=123. Defined, not
    // assigned: `__proto__=1` is a name like any other (the client then names it unknown).
    const value = param?.in === "path" ? raw : coerceParam(raw, param?.schema.type);
    Object.defineProperty(param?.in === "path" ? path : query, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { query, path };
}

/** The largest `--body @file` read: a request's JSON is some kilobytes (`/dev/zero` never ends). */
const MAX_BODY_BYTES = 2 ** 20;

/** `--body '{"a":1}'` or `--body @file.json`: the JSON request body. */
export async function readBody(text: string): Promise<unknown> {
  const file = text.startsWith("@") ? text.slice(1) : undefined;
  let json = text;
  if (file !== undefined)
    try {
      json = (await readCapped(file, MAX_BODY_BYTES)).toString("utf8");
    } catch (e) {
      throw new UsageError(
        e instanceof TooLarge
          ? `--body file ${file} is over ${sizeSaid(MAX_BODY_BYTES)}: no request body is`
          : `cannot read --body file ${file}: ${readProblem(e)}`,
      );
    }
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * `keyapi-tiktok call <path> -q k=v …`: any operation of the spec. A paged one is exported page
 * after page (`--pages N`, default 1, or `--all`) like `reviews`; any other is one call. JSON by
 * default; CSV and table columns come from the item schema, nested objects flattened.
 */
export async function call(path: string, o: CallOptions, g: GlobalOptions): Promise<number> {
  const methods = methodsOf(path);
  if (!methods)
    throw new UsageError(
      `${path} is not an operation of the spec; see \`keyapi-tiktok operations\``,
    );
  // A body means the operation that takes one; otherwise GET when there is one.
  const withBody = Object.keys(methods).find((m) => m !== "get");
  if (o.body !== undefined && !withBody)
    throw new UsageError(`GET ${path} takes no body: drop --body`);
  const method = (o.body !== undefined ? withBody : undefined) ?? (methods.get ? "get" : withBody!);
  const flags = exportOptions(o, "json");
  const op = methods[method]!;
  if (!op.pagination && (o.all || o.pages !== undefined))
    throw new UsageError(`${method.toUpperCase()} ${path} is not paged: drop --all/--pages`);
  const { query, path: pathParams } = parseParams(op, o.query);
  if (o.each !== undefined) return callEach(path, op, o, query, pathParams, g);
  if (o.shard !== undefined) throw new UsageError("--shard takes --each");
  if (o.body?.startsWith("@")) {
    const body = { file: o.body.slice(1), flag: "--body", what: "the request body" };
    refuseOverwrite(body, o.out);
    refuseKeyAs(g.apiKeyFile, body);
  }
  const result = await pull(
    {
      path,
      method,
      query,
      pathParams,
      ...(o.body !== undefined ? { body: await readBody(o.body) } : {}),
      ...flags,
      writeStdout: true,
    },
    g,
  );
  return conclude(result, "records");
}

/** `call <path> --each param=@FILE`: one pull over every value of a parameter. */
async function callEach(
  path: string,
  op: OperationSpec,
  o: CallOptions,
  query: Record<string, unknown>,
  pathParams: Record<string, string>,
  g: GlobalOptions,
): Promise<number> {
  const match = /^([^=]+)=@(.+)$/.exec(o.each!);
  if (!match) throw new UsageError(`--each expects param=@FILE, got "${o.each}"`);
  const [, name, file] = match as unknown as [string, string, string];
  const param = op.params.find((p) => p.name === name && (p.in === "query" || p.in === "path"));
  if (!param) throw new UsageError(`--each: ${name} is not a query or path parameter of ${path}`);
  if (!op.pagination) throw new UsageError(`--each needs a paged operation; ${path} is not paged`);
  if (o.body !== undefined) throw new UsageError("--each takes no --body");
  // The walk sets these itself: each value would pull the same pages again, bought twice.
  const p = op.pagination;
  const walked = p.style === "page" ? [p.pageParam, p.sizeParam] : [p.cursorParam, p.sizeParam];
  if (walked.includes(name))
    throw new UsageError(`--each: ${name} is the pages' own parameter; the pull walks it itself`);
  if (Object.hasOwn(query, name) || Object.hasOwn(pathParams, name))
    throw new UsageError(`--each and --query both give ${name}: give it once`);
  const ids = { file, flag: "--each", what: "the ids" };
  refuseOverwrite(ids, o.out);
  refuseKeyAs(g.apiKeyFile, ids);
  const result = await pullEach(
    {
      path,
      query,
      pathParams,
      param: { name, in: param.in as "query" | "path" },
      ids: await idsOf(file, "--each", o.shard),
      coerce: (id) => coerceParam(id, param.schema.type),
      ...exportOptions(o, "json"),
    },
    g,
  );
  return concludeEach(result, "records", "entities");
}
