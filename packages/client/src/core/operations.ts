import { clientTable, operationKey, type ClientOperation } from "@keyapi-tiktok/types";

// Looked up on every call: by method, then by the caller's path string (a literal whose hash V8
// keeps), rather than by a key concatenated per call, which must be hashed anew (1.2 µs a call).
// Only the spec's operations are kept, by their path strings, so what a caller makes up cannot
// grow it.
const byMethod = new Map<string, Map<string, ClientOperation>>();

/** The generated table's entry for a method and path, if the spec has that operation. */
export function findOperation(method: string, path: string): ClientOperation | undefined {
  const known = byMethod.get(method)?.get(path);
  if (known) return known;
  const op = clientTable[operationKey(method, path)];
  // A path given as an object (a String, anything with toString) from plain JS is looked up but
  // not kept: each would be a new key.
  if (op && typeof path === "string") {
    if (!byMethod.has(method)) byMethod.set(method, new Map());
    byMethod.get(method)!.set(path, op);
  }
  return op;
}
