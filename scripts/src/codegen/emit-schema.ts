import openapiTS, { astToString } from "openapi-typescript";
import type { Json } from "./openapi-model.js";

/** openapi-typescript's Node API on the in-memory effective spec (no temp file, no re-parse). */
export async function emitSchema(spec: Json): Promise<string> {
  // The cast: openapi-typescript types its input as its own OpenAPI3 interface.
  const ast = await openapiTS(spec as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: false,
  });
  return astToString(ast);
}
