import { operationTable, type OperationSpec, type SchemaSpec } from "@keyapi-tiktok/types";

function describeSchema(s: SchemaSpec): string {
  const bounds =
    s.minimum !== undefined || s.maximum !== undefined
      ? ` ${s.minimum ?? ""}..${s.maximum ?? ""}`
      : "";
  return `${[s.type].flat().join("|") || "any"}${bounds}`;
}

/** `keyapi-tiktok operations`: every operation with its parameters and credit cost. */
export function operations(): number {
  for (const [path, methods] of Object.entries(
    operationTable as Record<string, Record<string, OperationSpec>>,
  )) {
    for (const [method, op] of Object.entries(methods)) {
      const credits =
        op.credits === null ? "? credits" : `${op.credits} credit${op.credits === 1 ? "" : "s"}`;
      const paged = op.pagination ? ", paginated" : "";
      process.stdout.write(`${method.toUpperCase()} ${path}  (${op.name}, ${credits}${paged})\n`);
      for (const p of op.params) {
        process.stdout.write(
          `  ${p.required ? "*" : " "} ${p.name} (${p.in}): ${describeSchema(p.schema)}\n`,
        );
      }
    }
  }
  process.stdout.write("* required\n");
  return 0;
}
