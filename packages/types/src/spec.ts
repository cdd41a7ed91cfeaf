/**
 * The effective spec (vendored spec + overlays) the types were generated from, for mock
 * servers and contract tests (`@keyapi-tiktok/types/spec`).
 *
 * @packageDocumentation
 */
import spec from "./generated/effective-spec.json" with { type: "json" };

/** A minimal view of an OpenAPI document; walk it as plain JSON. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export const effectiveSpec: OpenApiDocument = spec as unknown as OpenApiDocument;

/** A schema object as `deref` sees it: anything, with maybe a local `$ref`. */
export interface SchemaRef {
  $ref?: string;
}

/**
 * Follows local `$ref`s (`#/components/schemas/…`, JSON Pointer escapes decoded) in `doc`, the
 * effective spec by default, until a schema without one; `{}` for a ref that points at nothing.
 * Lenient by design (mock data, CLI columns): the generator's own resolver refuses bad refs at
 * build time, so none reaches here. A chain longer than 32 stops (a cycle).
 */
export function deref<S extends object>(schema: S | undefined, doc: unknown = effectiveSpec): S {
  let s = (schema ?? {}) as S & SchemaRef;
  for (let guard = 0; s.$ref && guard < 32; guard++) {
    s = (s.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (node, key) =>
          (node as Record<string, unknown> | undefined)?.[
            key.replace(/~1/g, "/").replace(/~0/g, "~")
          ],
        doc,
      ) ?? {}) as S & SchemaRef;
  }
  return s;
}

/**
 * The schema at a dotted path (`data.list`) of an envelope's schema, following `properties`
 * and local `$ref`s; `{}` where the path breaks off.
 */
export function schemaAt<S extends { properties?: Record<string, unknown> }>(
  envelope: S | undefined,
  dotted: string,
  doc: unknown = effectiveSpec,
): S {
  let s = deref(envelope, doc);
  for (const key of dotted.split(".")) s = deref(s.properties?.[key] as S | undefined, doc);
  return s;
}

/**
 * An operation's success answer as every package reads it: its first documented 2xx response
 * with a JSON body (`application/json`, or another JSON media type), the body's schema
 * dereferenced; undefined when the spec documents none.
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
    if (type) return { status, schema: deref(content[type]!.schema, doc) };
  }
  return undefined;
}
