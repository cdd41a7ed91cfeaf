import { coerceParam, operationTable, type OperationSpec } from "@keyapi-tiktok/types";
import { UsageError } from "../exit-codes.js";
import { openSession, type GlobalOptions } from "../setup.js";

/** `key=value` pairs, each value read as its parameter's type from the generated table. */
export function parseQuery(op: OperationSpec, pairs: string[]): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new UsageError(`--query expects key=value, got "${pair}"`);
    const [name, raw] = [pair.slice(0, eq), pair.slice(eq + 1)];
    query[name] = coerceParam(raw, op.params.find((p) => p.name === name)?.schema.type);
  }
  return query;
}

/** `keyapi-tiktok call <path> --query k=v ...`: any GET operation; prints the envelope's data. */
export async function call(path: string, pairs: string[], g: GlobalOptions): Promise<number> {
  const op = (operationTable as Record<string, { get?: OperationSpec }>)[path]?.get;
  if (!op)
    throw new UsageError(
      `${path} is not a GET operation of the spec; see \`keyapi-tiktok operations\``,
    );
  const session = await openSession(g);
  try {
    const data = await session.client.get(path as never, { query: parseQuery(op, pairs) } as never);
    process.stdout.write(JSON.stringify(data, null, 2) + "\n");
    return 0;
  } finally {
    await session.close();
  }
}
