import { resolveRef, type Json, type OperationRef } from "./openapi-model.js";

// Where things are in an operation's success envelope (`{ code, message, data }`).

/** The 200 JSON body schema of an operation, `$ref`s resolved. */
export function successSchema(doc: Json, op: OperationRef): Json | undefined {
  const ok = resolveRef(doc, (op.operation.responses as Json | undefined)?.["200"]) as Json;
  const content = (ok?.content ?? {}) as Json;
  const type = Object.keys(content).find((t) => /json/i.test(t));
  return type ? (resolveRef(doc, (content[type] as Json).schema) as Json | undefined) : undefined;
}

export const isArray = (doc: Json, s: unknown) =>
  (resolveRef(doc, s) as Json | undefined)?.type === "array";

/**
 * Where the items of a page are in the envelope: `data` when it is an array, else `data.<p>` for
 * the one array property of a `data` object (`{ total, list: [...] }`); undefined otherwise.
 */
export function findItemsPath(doc: Json, envelope: Json | undefined): string | undefined {
  const data = resolveRef(doc, (envelope?.properties as Json | undefined)?.data) as
    Json | undefined;
  if (!data) return undefined;
  if (isArray(doc, data)) return "data";
  const arrays = Object.entries((data.properties ?? {}) as Json).filter(([, s]) => isArray(doc, s));
  return arrays.length === 1 ? `data.${arrays[0]![0]}` : undefined;
}
