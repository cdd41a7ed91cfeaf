import { assertCanSendKey } from "./auth.js";
import type { CallRecord } from "./outcomes.js";
import { responseOf } from "./response-of.js";
import { send, type SendContext } from "./send.js";

/**
 * The fetch handed to openapi-fetch (middleware cannot re-send, so retries live beneath it): the
 * Request taken apart once, the call sent, and a Response made of what it came to. `record`, when
 * given, is told the outcome and the Response delivered (see `outcomes.ts`).
 */
export function fetchFor(ctx: SendContext, record?: CallRecord) {
  return async (request: Request): Promise<Response> => {
    // The key's rules for the URL this request goes to: a per-call `baseUrl` or a middleware's
    // new Request may point elsewhere than the client's own.
    assertCanSendKey(ctx.apiKey, new URL(request.url), ctx.settings.allowInsecureHttp);
    // Authorization and User-Agent are already among openapi-fetch's headers (set at creation).
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body && (await request.arrayBuffer()),
      redirect: request.redirect,
    };
    // openapi-fetch rethrows only a truthy error: a falsy one (a signal aborted with `0`) is
    // carried across it, and `rethrowCarried` throws it as it was.
    const final = await send({ url: request.url, init }, ctx).catch((e: unknown) => {
      throw e || new Carried(e);
    });
    if (record) record.outcome = final.out;
    const delivered = responseOf(final, ctx.apiKey);
    if (record) record.delivered = delivered;
    return delivered;
  };
}

/**
 * A falsy rejection (a signal aborted with `0`, say), carried across openapi-fetch, which would
 * drop it and fail on no Response. An `onError` middleware sees this, the value as its `cause`.
 */
class Carried extends Error {
  constructor(readonly value: unknown) {
    super(`the call was rejected with ${String(value) || JSON.stringify(value)}`, {
      cause: value,
    });
  }
}

/** What a call through openapi-fetch rejects with: a carried falsy rejection as it was. */
export const rethrowCarried = (error: unknown): never => {
  throw error instanceof Carried ? error.value : error;
};
