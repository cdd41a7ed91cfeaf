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
