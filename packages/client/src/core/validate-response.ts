type Validators = typeof import("@keyapi-tiktok/types/validators");

let loaded: Promise<Validators> | undefined;

/**
 * `validateResponses`: checks a body against the validator generated for its operation and
 * status (Ajv standalone, compiled at codegen time). Loaded on first use, so clients that do
 * not validate never pay for the validators' bytes.
 */
export async function validateResponse(
  method: string,
  schemaPath: string,
  status: number,
  body: unknown,
): Promise<string | undefined> {
  const { responseValidators } = await (loaded ??= import("@keyapi-tiktok/types/validators"));
  const validate = responseValidators[`${method} ${schemaPath} ${status}`];
  if (!validate || validate(body)) return undefined;
  const e = validate.errors?.[0];
  return `response does not match the spec at ${e?.instancePath || "/"}: ${e?.message ?? "invalid"}`;
}
