import { operationKey } from "../../../packages/types/src/spec-paths.js";
import { effectiveParameters, resolveRef, type Json } from "./openapi-model.js";
import type { TableEntry } from "./emit-operations.js";
import { typeNameFromSpec } from "./names.js";
import { printable } from "../printable.js";

const lit = (s: string) => JSON.stringify(s);

function jsonMediaType(doc: Json, holder: unknown): string | undefined {
  const content = (resolveRef(doc, holder) as Json | undefined)?.content as Json | undefined;
  return Object.keys(content ?? {}).find((type) => /json/i.test(type));
}

/** The first 2xx response (in status order) that has a JSON body. */
function successResponse(
  doc: Json,
  responses: Json,
): { status: string; mediaType: string } | undefined {
  const statuses = Object.keys(responses)
    .filter((s) => /^2(\d\d|XX)$/i.test(s))
    .sort();
  for (const status of statuses) {
    const mediaType = jsonMediaType(doc, responses[status]);
    if (mediaType) return { status, mediaType };
  }
  return undefined;
}

/**
 * A doc comment of text from the spec (a summary, a path: the vendor's, untrusted): a `*` `/`
 * in it would end the comment and put the rest into the generated code.
 */
function doc(summary: unknown, method: string, path: string, what: string): string {
  const title = typeof summary === "string" ? `${summary}: ` : "";
  const text = `${title}${what} of \`${method.toUpperCase()} ${path}\`.`;
  // Control characters escaped too: a `git diff` of an update would print them raw.
  return `/** ${printable(text).replace(/\*\//g, "*\\/")} */`;
}

/**
 * Friendly per-operation aliases (`<Name>Query`, `<Name>Path`, `<Name>Body`, `<Name>Response`,
 * and the item type of paginated operations) so users never index `paths[...]` by hand.
 */
export function emitAliases(spec: Json, entries: TableEntry[]): string {
  const lines = ['import type { paths } from "./schema.js";', ""];
  for (const { name, op } of entries) {
    const base = `paths[${lit(op.path)}][${lit(op.method)}]`;
    const params = effectiveParameters(spec, op);
    const summary = op.operation.summary;
    const add = (alias: string, what: string, type: string) =>
      lines.push(doc(summary, op.method, op.path, what), `export type ${alias} =\n  ${type};`, "");
    for (const [where, suffix] of [
      ["query", "Query"],
      ["path", "Path"],
    ] as const) {
      if (params.some((p) => p.in === where)) {
        add(
          `${name}${suffix}`,
          `${where} parameters`,
          `NonNullable<${base}["parameters"][${lit(where)}]>`,
        );
      }
    }
    const bodyType = jsonMediaType(spec, op.operation.requestBody);
    if (bodyType) {
      add(
        `${name}Body`,
        "JSON request body",
        `NonNullable<${base}["requestBody"]>["content"][${lit(bodyType)}]`,
      );
    }
    const success = successResponse(spec, (op.operation.responses ?? {}) as Json);
    if (success) {
      add(
        `${name}Response`,
        `${success.status} response body`,
        `${base}["responses"][${lit(success.status)}]["content"][${lit(success.mediaType)}]`,
      );
      const pagination = op.operation["x-pagination"] as { itemsPath?: string } | undefined;
      if (pagination?.itemsPath) {
        const itemName =
          "x-sdk-item-name" in op.operation
            ? typeNameFromSpec(
                op.operation["x-sdk-item-name"],
                "x-sdk-item-name",
                operationKey(op.method, op.path),
              )
            : `${name}Item`;
        // A dotted path (`data.list`) is one property a level: `Response["data.list"]` is none.
        const [first, ...rest] = pagination.itemsPath.split(".");
        const list = rest.reduce(
          (type, key) => `NonNullable<${type}>[${lit(key)}]`,
          `${name}Response[${lit(first!)}]`,
        );
        add(itemName, "one item of a page", `NonNullable<${list}>[number]`);
      }
    }
  }
  return lines.join("\n");
}
