import { errorClassFor, type KeyApiClient } from "@keyapi-tiktok/client";
import type { PullOptions } from "./pull.js";

/**
 * An operation that is not paged, as one "page": its `data` (a list, or one object as one
 * record). Any method, through openapi-fetch's call style, whose error is turned back into the
 * client's typed error for the exit code.
 */
export async function* callOnce(
  client: KeyApiClient,
  o: PullOptions,
  signal: AbortSignal,
): AsyncGenerator<{ items: unknown[] }> {
  const { data, error, response } = (await client.request(
    o.method as "get",
    o.path as never,
    {
      params: { query: o.query, path: o.pathParams },
      ...(o.body !== undefined ? { body: o.body } : {}),
      signal,
    } as never,
  )) as {
    data?: { data?: unknown };
    error?: { message?: string; code?: number };
    response: Response;
  };
  if (error !== undefined || !response.ok) {
    const status = response.status;
    const Class = errorClassFor(status);
    throw new Class(`${error?.message ?? response.statusText} (HTTP ${status})`, {
      status,
      code: error?.code,
      method: o.method.toUpperCase(),
      path: o.path,
    });
  }
  const value = data?.data;
  yield {
    items: Array.isArray(value) ? value : value === undefined || value === null ? [] : [value],
  };
}
