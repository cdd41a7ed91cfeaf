/**
 * One sentence saying why a parsed document is not an OpenAPI 3.0/3.1 spec we can take, or
 * undefined when it is one. Said before anything else looks at it, so that a Swagger 2.0 file
 * is not reported as "11 overlay actions did not apply".
 */
export function whyNotOpenApi3(doc: unknown): string | undefined {
  return whyNotOpenApiDocument(doc) ?? whyNoPaths(doc as { paths?: unknown });
}

/**
 * The same, but a document without `paths` (OpenAPI 3.1 allows one of only webhooks or
 * components) passes: what the generator takes, where `whyNotOpenApi3` is what a vendor's spec
 * must be.
 */
export function whyNotOpenApiDocument(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== "object")
    return `it is a single ${doc === null ? "null" : typeof doc} value, not an OpenAPI document`;
  if (Array.isArray(doc)) return "it is a list, not an OpenAPI document (an object)";
  const d = doc as { swagger?: unknown; openapi?: unknown };
  if (d.swagger !== undefined)
    return `it is a Swagger ${String(d.swagger)} document: convert it to OpenAPI 3 first (for example with swagger2openapi)`;
  if (d.openapi === undefined) return "it has no `openapi` field: not an OpenAPI document";
  if (typeof d.openapi !== "string" || !/^3\.[01]\.\d+$/.test(d.openapi))
    return `it is OpenAPI ${JSON.stringify(d.openapi)}: only 3.0.x and 3.1.x are supported`;
  return undefined;
}

const whyNoPaths = ({ paths }: { paths?: unknown }) =>
  paths === null || typeof paths !== "object" || Array.isArray(paths)
    ? "it has no `paths` object"
    : undefined;
