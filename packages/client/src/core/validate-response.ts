let loaded: Promise<typeof import("@keyapi-tiktok/types/validators")> | undefined;

/**
 * `validateResponses`: checks a body with the validators generated at codegen time (Ajv
 * standalone), loaded on first use so that clients that do not validate never pay their bytes.
 */
export const validateResponse = async (key: string, body: unknown): Promise<string | undefined> =>
  (await (loaded ??= import("@keyapi-tiktok/types/validators"))).checkResponse(key, body);
