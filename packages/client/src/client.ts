import type { Client } from "openapi-fetch";
import createClient from "openapi-fetch";
import type { paths } from "@keyapi-tiktok/types";
import { findOperation } from "./core/operations.js";
import { resolveApiKey, assertCanSendKey } from "./core/auth.js";
import { callMeta, send, type CallOptions } from "./core/send.js";
import type { Envelope } from "./core/classify.js";
import { validateParams } from "@keyapi-tiktok/types";
import { InvalidParamsError } from "./errors.js";
// For the {@link KeyApiError} reference in the docs below.
import type { KeyApiError } from "./errors.js";
import type { DataOf, GetOptions, GetPath } from "./types.js";
import { defaultUserAgent } from "./version.js";
import { createCreditMeter, type CreditUsage } from "./core/credits.js";
import { createRetryBudget } from "./core/retry-budget.js";
import { createThrottle } from "./core/throttle.js";
import type { KeyApiClientOptions } from "./options.js";
import {
  paginate,
  type ItemOf,
  type PaginatedPath,
  type PaginateOptions,
  type Paginator,
} from "./paginate.js";

/** openapi-fetch's typed client, plus a throwing, unwrapped `get`. */
export interface KeyApiClient extends Client<paths> {
  /**
   * Calls a GET operation and resolves to the envelope's `data`; throws a {@link KeyApiError}
   * subclass on any failure (HTTP status or non-zero envelope code).
   */
  get<P extends GetPath>(path: P, options: GetOptions<P>): Promise<DataOf<P>>;
  /**
   * Iterates every item of a paginated operation (`x-pagination` in the spec), page after page,
   * from `page_num` (default the first page) with the largest page size unless given.
   */
  paginate<P extends PaginatedPath>(path: P, options: PaginateOptions<P>): Paginator<ItemOf<P>>;
  /** Requests, retries and credits spent by this client so far. */
  readonly credits: CreditUsage;
}

/**
 * Creates a client for the KeyAPI TikTok API: auth, retries with backoff, per-attempt
 * timeouts, envelope errors mapped to typed errors, and parameters checked before sending.
 *
 * @example
 * const client = createKeyApiClient({ apiKey: process.env.KEYAPI_API_KEY });
 * const reviews = await client.get("/v1/tiktok/product/reviews/analytics", {
 *   query: { product_id: "1729471493154312768", page_num: 1, page_size: 10 },
 * });
 */
export function createKeyApiClient(options: KeyApiClientOptions = {}): KeyApiClient {
  const baseUrl = options.baseUrl ?? "https://api.keyapi.ai";
  const apiKey = resolveApiKey(options.apiKey);
  const shared = {
    options,
    meter: createCreditMeter(options.maxCredits),
    throttle: options.rateLimit && createThrottle(options.rateLimit),
    budget: options.retryBudget === false ? undefined : createRetryBudget(options.retryBudget),
  };
  // Auth and User-Agent go into openapi-fetch's own headers (it drops undefined ones): the
  // retry layer then sends each Request's headers as they are, without copying them per call.
  const inner = createClient<paths>({
    baseUrl,
    headers: {
      ...options.headers,
      authorization: apiKey && `Bearer ${apiKey}`,
      "user-agent": defaultUserAgent(),
    },
  });
  // Whether the key may travel to baseUrl, decided once (it cannot change per call).
  const base = new URL(baseUrl);
  const client = Object.create(inner) as KeyApiClient;

  // openapi-fetch's verb methods (GET, POST...) are its only upper-case keys.
  for (const method of Object.keys(inner).filter((k) => k === k.toUpperCase())) {
    const call = inner[method as "GET"] as (path: string, init?: object) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = (
      path: string,
      { timeoutMs, maxRetries, ...init }: CallOptions & { params?: object } = {},
    ) => {
      const op = findOperation(method, path);
      const where = { method, path };
      const issues = op
        ? validateParams(op.params, init.params)
        : [{ param: "path", message: `${method} ${path} is not an operation of the spec` }];
      if (issues.length) throw new InvalidParamsError(issues, where);
      // Thrown per call, not at creation, so a client can exist before it is first used.
      const key = assertCanSendKey(apiKey, base, options.allowInsecureHttp);
      return call(path, {
        ...init,
        fetch: (request: Request) =>
          send(request, {
            ...shared,
            apiKey: key,
            cost: op!.credits ?? 1,
            method,
            path,
            signal: init.signal,
            timeoutMs,
            maxRetries,
          }),
      });
    };
  }

  // openapi-fetch's `request(method, ...)` would reach its fetch without this layer.
  client.request = ((method: string, path: string, init: object) =>
    (client as unknown as Record<string, (p: string, i: object) => unknown>)[method.toUpperCase()]!(
      path,
      init,
    )) as KeyApiClient["request"];
  client.get = async (path, { query, path: pathParams, ...call }: Record<string, unknown>) => {
    const { response } = (await client.GET(
      path as never,
      { params: { query, path: pathParams }, ...call } as never,
    )) as {
      response: Response;
    };
    const meta = callMeta.get(response);
    if (meta?.error) throw meta.error;
    return ((meta?.json as Envelope | null | undefined)?.data ?? null) as never;
  };
  client.paginate = (path, opts) => paginate(client, path, opts);
  Object.defineProperty(client, "credits", { get: shared.meter.snapshot });
  return client;
}
