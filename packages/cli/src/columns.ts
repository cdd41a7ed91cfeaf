import { effectiveSpec } from "@keyapi-tiktok/types/spec";

/** The item properties of a paginated operation's 200 schema, in the spec's order (CSV header). */
export function itemColumns(path: string, itemsPath: string): string[] {
  const op = effectiveSpec.paths[path]?.get as any;
  const schema = op?.responses?.["200"]?.content?.["application/json"]?.schema;
  return Object.keys(schema?.properties?.[itemsPath]?.items?.properties ?? {});
}
