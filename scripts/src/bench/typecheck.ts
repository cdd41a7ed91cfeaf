import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../repo.js";
import { timeProcess } from "./process-time.js";
import type { BenchOptions, Row } from "./shared.js";

const require = createRequire(import.meta.url);
const tsc = path.join(path.dirname(require.resolve("typescript/package.json")), "bin/tsc");

type Table = Record<
  string,
  Record<
    string,
    {
      params: {
        name: string;
        in: string;
        required: boolean;
        schema: { type?: string; minimum?: number; enum?: readonly unknown[] };
      }[];
      pagination: unknown;
    }
  >
>;

/** A literal the schema accepts: its first enum value, its minimum, or a plain value. */
function literal(schema: { type?: string; minimum?: number; enum?: readonly unknown[] }): string {
  if (schema.enum?.length) return JSON.stringify(schema.enum[0]);
  if (schema.type === "integer" || schema.type === "number") return String(schema.minimum ?? 1);
  if (schema.type === "boolean") return "true";
  return '"x"';
}

/** A consumer file calling every operation of the spec, each style, typed from the spec. */
function consumerSource(table: Table): string {
  const lines = [
    'import { createKeyApiClient } from "@keyapi-tiktok/client";',
    "const client = createKeyApiClient();",
    "export async function all() {",
  ];
  for (const [p, methods] of Object.entries(table)) {
    for (const [method, op] of Object.entries(methods)) {
      // The parameters a walk sets itself: the page pair, or the cursor and its page size.
      const walk = op.pagination as Record<string, unknown> | null;
      const paging = [walk?.pageParam, walk?.cursorParam, walk?.sizeParam].filter(Boolean);
      const fields = (where: string, skipPaging = false) =>
        `{ ${op.params
          .filter((x) => x.in === where && (x.required || (!skipPaging && paging.includes(x.name))))
          .filter((x) => !(skipPaging && paging.includes(x.name)))
          .map((x) => `${JSON.stringify(x.name)}: ${literal(x.schema)}`)
          .join(", ")} }`;
      const hasPath = op.params.some((x) => x.in === "path");
      const hasBody = op.params.some((x) => x.in === "body");
      const pathPart = hasPath ? `, path: ${fields("path")}` : "";
      const params = `{ query: ${fields("query")}${pathPart} }`;
      const body = hasBody ? `, body: ${fields("body")}` : "";
      const verb = method.toUpperCase();
      lines.push(
        `  await client.${verb}(${JSON.stringify(p)}, { params: ${params}${body} } as never);`,
      );
      if (method !== "get") continue;
      lines.push(
        `  await client.get(${JSON.stringify(p)}, { query: ${fields("query")}${pathPart} });`,
      );
      if (walk)
        lines.push(
          `  for await (const item of client.paginate(${JSON.stringify(p)}, { query: ${fields("query", true)}${pathPart} })) void item;`,
        );
    }
  }
  lines.push("}", "");
  return lines.join("\n");
}

/** tsc --noEmit on a consumer calling every operation vs an empty file: time and instantiations. */
export async function typecheck({ quick }: BenchOptions): Promise<Row[]> {
  // Inside packages/cli so the workspace packages resolve as a consumer's would.
  const dir = path.join(repoRoot, "packages/cli/.cache/bench-consumer");
  mkdirSync(dir, { recursive: true });
  const { operationTable } = await import(path.join(repoRoot, "packages/types/dist/index.js"));
  writeFileSync(path.join(dir, "consumer.ts"), consumerSource(operationTable));
  writeFileSync(path.join(dir, "empty.ts"), "export {};\n");
  const options = [
    "--noEmit",
    "--strict",
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
    "--target",
    "es2022",
    "--skipLibCheck",
    "--extendedDiagnostics",
  ];
  const runs = quick ? 1 : 5;
  const measure = (file: string) => {
    const r = timeProcess(process.execPath, [tsc, ...options, path.join(dir, file)], runs, dir);
    const inst = Number(/Instantiations:\s+(\d+)/.exec(r.stdout)?.[1] ?? NaN);
    return { ms: r.ms, inst };
  };
  const empty = measure("empty.ts");
  const consumer = measure("consumer.ts");
  const section = `5. consumer typecheck (tsc --noEmit, median of ${runs})`;
  return [
    { section, name: "empty file", value: Math.round(empty.ms), unit: "ms" },
    {
      section,
      name: "every operation, get + GET + paginate",
      value: Math.round(consumer.ms),
      unit: "ms",
      ratio: consumer.ms / empty.ms,
      baseline: "time ÷ empty file",
    },
    { section, name: "instantiations, empty file", value: empty.inst, unit: "count" },
    { section, name: "instantiations, every operation", value: consumer.inst, unit: "count" },
  ];
}
