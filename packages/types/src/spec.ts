/**
 * The effective spec (vendored spec + overlays) the types were generated from, for mock
 * servers and contract tests (`@keyapi-tiktok/types/spec`).
 *
 * @packageDocumentation
 */
import spec from "./generated/effective-spec.json" with { type: "json" };
import { followRefs, mergeSchema } from "./merge-schema.js";

/** A minimal view of an OpenAPI document; walk it as plain JSON. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export const effectiveSpec: OpenApiDocument = spec as unknown as OpenApiDocument;

/** A schema object as `deref` sees it: anything, with maybe a local `$ref`. */
export type { SchemaRef } from "./merge-schema.js";
export { MOST_CHOICES } from "./merge-schema.js";

/**
 * Follows local `$ref`s (`#/components/schemas/…`, JSON Pointer escapes decoded) in `doc`, the
 * effective spec by default, until a schema without one; `{}` for a ref that points at nothing.
 * Lenient by design (mock data, CLI columns): the generator's own resolver refuses bad refs at
 * build time, so none reaches here. A chain longer than 32 stops (a cycle).
 */
export function deref<S extends object>(schema: S | undefined, doc: unknown = effectiveSpec): S {
  return followRefs(schema, doc);
}

/**
 * A schema as one object: local `$ref`s followed (as {@link deref}) and `allOf`'s members merged
 * into it as a validator reads them together (`mergeSchema` in merge-schema.ts says how), in
 * `doc`, the effective spec by default. What the mock, the CLI's columns and its drift check read
 * (the vendor composes item schemas with `allOf`: an item read through `deref` alone had no
 * properties). `oneOf`/`anyOf` are left for the caller to choose from.
 */
export function resolveSchema<S extends object>(
  schema: S | undefined,
  doc: unknown = effectiveSpec,
): S {
  return mergeSchema(schema, doc) as S;
}

/**
 * The schema at a dotted path (`data.list`) of an envelope's schema, following `properties`,
 * local `$ref`s and `allOf` ({@link resolveSchema}); `{}` where the path breaks off.
 */
export function schemaAt<S extends { properties?: Record<string, unknown> }>(
  envelope: S | undefined,
  dotted: string,
  doc: unknown = effectiveSpec,
): S {
  let s = resolveSchema(envelope, doc);
  for (const key of dotted.split(".")) s = resolveSchema(s.properties?.[key] as S | undefined, doc);
  return s;
}

/**
 * An operation's success answer as every package reads it: its first documented 2xx response
 * with a JSON body (`application/json`, or another JSON media type), the body's schema
 * resolved ({@link resolveSchema}); undefined when the spec documents none.
 */
export function successResponse<S extends object = Record<string, unknown>>(
  path: string,
  method: string,
  doc: OpenApiDocument = effectiveSpec,
): { status: string; schema: S } | undefined {
  const op = doc.paths[path]?.[method.toLowerCase()] as
    { responses?: Record<string, { content?: Record<string, { schema?: S }> }> } | undefined;
  for (const [status, response] of Object.entries(op?.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const content = response?.content ?? {};
    const type = Object.keys(content).find((t) => /json/i.test(t));
    if (type) return { status, schema: resolveSchema(content[type]!.schema, doc) };
  }
  return undefined;
}
