import createClient, { mergeHeaders, type Client } from "openapi-fetch";
import { validateParams, type Params, type paths } from "@keyapi-tiktok/types";
import { assertCanSendKey, clientHeaders, isVendorHost, resolveApiKey } from "./core/auth.js";
import { baseUrlProblem, clientBaseUrl } from "./core/base-url.js";
import { browserRefusal, inBrowser } from "./core/browser.js";
import type { CallRecord } from "./core/outcomes.js";
import { forCall, resolveSettings } from "./core/settings.js";
import { createCreditMeter, type CreditUsage } from "./core/credits.js";
import { InvalidParamsError, KeyApiError } from "./core/errors.js";
import { checkCallKinds, checkKinds, checkNumbers, NUMERIC_OPTIONS } from "./core/check-options.js";
import { findOperation } from "./core/operations.js";
import { createRetryBudget } from "./core/retry-budget.js";
import { directGet, takesDirectRoad } from "./core/direct-road.js";
import { fetchResult } from "./core/fetch-result.js";
import { fetchFor, rethrowCarried } from "./core/openapi-fetch-road.js";
import { send, type SendContext } from "./core/send.js";
import { createThrottle } from "./core/throttle.js";
import type { CallOptions, KeyApiClientOptions } from "./options.js";
import {
  paginate,
  type ItemOf,
  type PaginatedPath,
  type PaginateOptions,
  type Paginator,
} from "./paginate.js";
import { paginateEach, type EachPaginator, type PaginateEachOptions } from "./paginate-each.js";
import { LEVELS } from "./core/log.js";
import { createPace } from "./core/pace.js";
import type { DataOf, GetOptions, GetPath } from "./types.js";
import { defaultUserAgent } from "./version.js";

/** openapi-fetch's typed client, plus a throwing, unwrapped `get`, `paginate` and `credits`. */
export interface KeyApiClient extends Client<paths> {
  /**
   * Calls a GET operation and resolves to the envelope's `data`; rejects with a
   * {@link KeyApiError} subclass on any failure (HTTP status or non-zero envelope code).
   */
  get<P extends GetPath>(path: P, options: GetOptions<P>): Promise<DataOf<P>>;
  /**
   * Iterates every item of a paginated operation (`x-pagination` in the spec), page after page,
   * from `page_num` (default the first page) with the largest page size unless given. Errors,
   * bad parameters included, surface when iterating.
   */
  paginate<P extends PaginatedPath>(path: P, options: PaginateOptions<P>): Paginator<ItemOf<P>>;
  /**
   * Walks many entities (one query each: a catalog's products) under one window, each entity's
   * pages in order and each item tagged with its entity; `.pages()` reports a failed entity and
   * goes on with the others.
   */
  paginateEach<P extends PaginatedPath>(path: P, options: PaginateEachOptions<P>): EachPaginator<P>;
  /** Requests, retries and credits spent by this client so far. */
  readonly credits: CreditUsage;
}

// openapi-fetch's verbs, each wrapped by name: the layer never guesses at its internals.
const VERBS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
type Verb = (typeof VERBS)[number];
// The per-call options that are numbers, checked like the client's own.
const PER_CALL = NUMERIC_OPTIONS.filter(([path]) =>
  /^(timeoutMs|deadlineMs|maxRetries)$/.test(path),
);
type Init = CallOptions & {
  params?: Params;
  baseUrl?: unknown;
  body?: unknown;
  signal?: AbortSignal | null;
  fetch?: typeof fetch;
};

/** A call as `prepare` checks it: `bytes` as `CallContext.bytes` (core/try-once.ts) says. */
interface Prepared {
  method: string;
  path: string;
  params: Params | undefined;
  body?: unknown;
  bytes: boolean;
}

/** What `get` resolves to: the envelope's `data` (null when the envelope has none). */
const dataOf = (envelope: unknown) =>
  ((envelope as { data?: unknown } | null)?.data ?? null) as never;

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
  const problem = checkNumbers(options);
  if (problem) throw new RangeError(`createKeyApiClient: ${problem.message}`);
  const kind = checkKinds(options);
  if (kind) throw new TypeError(`createKeyApiClient: ${kind}`);
  // A level no logger knows (a typo such as "verbose") would otherwise log every attempt.
  if (options.logLevel !== undefined && !LEVELS.includes(options.logLevel))
    throw new RangeError(
      `createKeyApiClient: logLevel must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(options.logLevel)}`,
    );
  const settings = resolveSettings(options);
  // A URL object from plain JS is taken as its text.
  const baseUrl = String(options.baseUrl ?? "https://api.keyapi.ai");
  const apiKey = resolveApiKey(options.apiKey);
  const base = clientBaseUrl(baseUrl);
  const refusal = browserRefusal({
    browser: inBrowser(),
    hasKey: !!apiKey,
    vendorHost: isVendorHost(base),
    dangerouslyAllowBrowser: !!options.dangerouslyAllowBrowser,
  });
  if (refusal) throw new Error(refusal);
  const meter = createCreditMeter(options.maxCredits);
  // On by default: with no cap it only acts after a 429 (adaptive); `false` turns it off.
  const { rateLimit = {} } = options;
  const throttle = !rateLimit
    ? undefined
    : "acquire" in rateLimit
      ? rateLimit
      : createThrottle(rateLimit);
  const budget =
    options.retryBudget === false ? undefined : createRetryBudget(options.retryBudget ?? undefined);
  const pace = createPace(throttle);
  // Auth and User-Agent join the caller's headers, merged once (a Headers instance, a record or
  // pairs, as fetch takes them) and given to openapi-fetch as its own: both roads send the same.
  const headers = mergeHeaders(clientHeaders(options.headers), {
    authorization: apiKey && `Bearer ${apiKey}`,
    "user-agent": defaultUserAgent(),
  });
  const inner = createClient<paths>({ baseUrl, headers });
  const direct = directGet(baseUrl, headers);
  // The key the client's own URL may carry (see `prepare`).
  let sendable: { key: string | undefined } | undefined;

  /**
   * Checks a call before anything is sent (its parameters, its per-call options, the key) and
   * gives the layer's context for it. Throws, so callers are async: a bad parameter rejects the
   * returned promise, never a synchronous throw.
   */
  const prepare = (
    { method, path, params, body, bytes }: Prepared,
    { timeoutMs, deadlineMs, maxRetries, signal, fetch }: Init,
  ): SendContext => {
    const op = findOperation(method, path);
    const perCall =
      ((timeoutMs ?? deadlineMs ?? maxRetries) !== undefined &&
        checkNumbers({ timeoutMs, deadlineMs, maxRetries }, PER_CALL)) ||
      checkCallKinds(signal, fetch);
    const issues = perCall
      ? [perCall]
      : op
        ? // A call with no body (every GET) hands its parameters as they are: a copy per call
          // cost more than the checks.
          validateParams(
            op.params,
            body === undefined && !(params && "body" in params) ? params : { ...params, body },
          )
        : [{ param: "path", message: `${method} ${path} is not an operation of the spec` }];
    if (issues.length) throw new InvalidParamsError(issues, { method, path });
    // Checked on a call, not at creation, so a client can exist before it is first used. Its
    // inputs are the client's: once passed, it holds.
    sendable ??= { key: assertCanSendKey(apiKey, base, settings.allowInsecureHttp) };
    const { key } = sendable;
    // The signal goes to the layer, not into openapi-fetch's Request: a Request made with a
    // signal adds a listener to it that lives as long as the signal, so a walk of 100,000 pages
    // under one signal would pile up 100,000 listeners. The layer listens once per attempt.
    return {
      settings: forCall(settings, { timeoutMs, deadlineMs, maxRetries, fetch }),
      meter,
      throttle,
      budget,
      apiKey: key,
      cost: op!.credits ?? 1,
      method,
      path,
      signal,
      pace,
      bytes,
    };
  };

  /** Every verb and `request` come here (and `get` once a middleware is registered). */
  const call = async (method: string, path: string, given?: Init | null, record?: CallRecord) => {
    // `null` from plain JS, as openapi-fetch takes it: no options.
    const options = given ?? {};
    // The layer's own options (a per-call `fetch`, openapi-fetch's option, included) are read by
    // `prepare`; the rest is openapi-fetch's.
    const {
      timeoutMs: _t,
      deadlineMs: _d,
      maxRetries: _m,
      signal: _s,
      fetch: _f,
      ...init
    } = options;
    // A per-call `baseUrl` (openapi-fetch's option) meets the client's own rules.
    const problem = init.baseUrl === undefined ? undefined : baseUrlProblem(String(init.baseUrl));
    if (problem)
      throw new InvalidParamsError([{ param: "baseUrl", message: problem }], { method, path });
    const ctx = prepare(
      { method, path, params: init.params, body: init.body, bytes: true },
      options,
    );
    return (
      inner.request(
        method as "get",
        path as never,
        { ...init, fetch: fetchFor(ctx, record) } as never,
      ) as Promise<any>
    ).catch(rethrowCarried);
  };

  /**
   * A GET the layer sends itself (see core/direct-road.ts): its final attempt. `bytes` for `GET`,
   * whose result holds a Response.
   */
  const sendDirect = (path: string, params: Params | undefined, options: Init, bytes: boolean) => {
    // Checked before the URL is built: a value no URL can hold is a bad parameter, by name.
    const ctx = prepare({ method: "GET", path, params, bytes }, options);
    return send(direct(path, params ?? {}, ctx.settings.fetch !== undefined), ctx);
  };

  // Once a middleware was registered, `get` and `GET` go through openapi-fetch so that it sees
  // the call (ejecting it does not undo this: a copy of openapi-fetch's list could drift from it).
  let middlewareSeen = false;
  const verbs = Object.fromEntries(
    VERBS.map((verb) => [verb, (path: string, init?: Init) => call(verb, path, init)]),
  ) as Pick<Client<paths>, Verb>;
  verbs.GET = (async (path: string, given?: Init | null) => {
    const init = given ?? {};
    // Only its own `params`, as openapi-fetch reads them (it gets a spread copy of the options),
    // and read once: the road is chosen on what is sent.
    const params = Object.hasOwn(init, "params") ? init.params : undefined;
    if (!takesDirectRoad(init, middlewareSeen, "GET", params)) return call("GET", path, init);
    return fetchResult(await sendDirect(path, params, init, true), apiKey);
  }) as KeyApiClient["GET"];

  const client: KeyApiClient = {
    ...verbs,
    request: ((method: string, path: string, init?: Init) =>
      call(method.toUpperCase(), path, init)) as KeyApiClient["request"],
    use: (...middleware) => {
      inner.use(...middleware);
      if (middleware.some(Boolean)) middlewareSeen = true;
    },
    eject: inner.eject,
    async get(path, given: GetOptions<GetPath>) {
      // Missing from plain JS: the parameter checks then name what is required.
      const options = given ?? {};
      const params = { query: options.query, path: options.path };
      // No middleware to see a Request or a Response: the layer sends the request itself.
      if (takesDirectRoad(options, middlewareSeen)) {
        const { out } = await sendDirect(path, params, options, false);
        if (out.error) throw out.error;
        return dataOf(out.json);
      }
      // The layer's options read as the direct road reads them (inherited ones too), the rest
      // (own keys, as a spread copies them) left for openapi-fetch.
      const {
        query: _q,
        path: _p,
        signal,
        timeoutMs,
        deadlineMs,
        maxRetries,
        fetch,
        ...rest
      } = options as GetOptions<GetPath> & { fetch?: typeof globalThis.fetch };
      const layer = { signal, timeoutMs, deadlineMs, maxRetries, fetch };
      // What the layer read, filled as the call ends (see core/outcomes.ts).
      const record: CallRecord = {};
      // The layer parsed the envelope already: "stream" keeps openapi-fetch from parsing it again.
      const { data, response } = await call(
        "GET",
        path,
        { params, ...rest, ...layer, parseAs: "stream" } as Init,
        record,
      );
      const { outcome } = record;
      // The layer's typed error, also when a middleware cloned or replaced the Response; an
      // error a middleware answered instead of the layer (onError) is a plain KeyApiError.
      if (!response.ok)
        throw (
          outcome?.error ?? new KeyApiError(`HTTP ${response.status}`, { status: response.status })
        );
      // An answer a middleware made or replaced is not what the layer parsed: parse it here.
      return dataOf(
        outcome && record.delivered === response
          ? outcome.json
          : await new Response(data as ReadableStream).json(),
      );
    },
    paginate: (path, opts) => paginate(client, path, opts, pace),
    paginateEach: (path, opts) => paginateEach(client, path, opts, pace),
    get credits() {
      return meter.snapshot();
    },
  };
  return client;
}
