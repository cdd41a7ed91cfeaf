import { operationTable, type OperationSpec } from "@keyapi-tiktok/types";

/** The generated table, keyed as the commands look it up: path, then lowercase method. */
const table = operationTable as Record<string, Record<string, OperationSpec>>;

/**
 * The methods of a path of the spec, or undefined when the spec has no such path: its own keys
 * only (`call __proto__` found the object's prototype).
 */
export const methodsOf = (path: string): Record<string, OperationSpec> | undefined =>
  Object.hasOwn(table, path) ? table[path] : undefined;

/** One operation of the spec; the commands only call it for a path and method they checked. */
export const operationOf = (path: string, method: string): OperationSpec => table[path]![method]!;
