import { operationTable, type OperationSpec } from "@keyapi-tiktok/types";

/** The generated table's entry for a path and method, if the spec has that operation. */
export function findOperation(path: string, method: string): OperationSpec | undefined {
  return (operationTable as Record<string, Partial<Record<string, OperationSpec>>>)[path]?.[
    method.toLowerCase()
  ];
}
