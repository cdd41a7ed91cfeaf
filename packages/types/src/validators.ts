/**
 * Response validators compiled at codegen time (Ajv standalone): no schema is compiled at run
 * time. A separate entry (`@keyapi-tiktok/types/validators`) so that code that never validates
 * never loads them.
 *
 * @packageDocumentation
 */
import { responseValidators as generated } from "./generated/validators.js";

/** One Ajv error; `instancePath` is the JSON pointer of the failing value. */
export interface ValidationError {
  instancePath: string;
  keyword: string;
  message?: string;
}

/** Returns true when `data` matches; otherwise `errors` says where it did not. */
export type ResponseValidator = ((data: unknown) => boolean) & {
  errors?: ValidationError[] | null;
};

/** Keyed `"<METHOD> <path> <status>"`, e.g. `"GET /v1/tiktok/product/reviews/analytics 200"`. */
export const responseValidators: Readonly<Record<string, ResponseValidator>> = generated;

/**
 * Checks a body against the validator generated for `key` (`"<METHOD> <path> <status>"`):
 * undefined when it matches or no schema is documented, else where and how it breaks.
 */
export function checkResponse(key: string, body: unknown): string | undefined {
  const validate = responseValidators[key];
  if (!validate || validate(body)) return undefined;
  const e = validate.errors?.[0];
  return `response does not match the spec at ${e?.instancePath || "/"}: ${e?.message ?? "invalid"}`;
}
