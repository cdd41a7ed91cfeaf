/**
 * MSW handlers over the same data as the mock server (same seed, same answers), for unit
 * tests that intercept fetch instead of opening a port.
 *
 * @example
 * import { setupServer } from "msw/node";
 * import { createMockHandlers } from "@keyapi-tiktok/mock/msw";
 * const server = setupServer(...createMockHandlers({ baseUrl: "https://api.keyapi.ai" }));
 *
 * @packageDocumentation
 */
import { http, HttpResponse, delay } from "msw";
import { MockApi, type MockOptions } from "./core/mock-api.js";
import { routes } from "./core/routes.js";
import { parseBody } from "./core/params.js";

export interface MockHandlerOptions extends MockOptions {
  /** Origin the handlers answer for (default `https://api.keyapi.ai`). */
  baseUrl?: string;
}

/** One MSW handler per operation of the spec, answering like `startMockServer`. */
export function createMockHandlers(options: MockHandlerOptions = {}) {
  const api = new MockApi(options);
  const base = (options.baseUrl ?? "https://api.keyapi.ai").replace(/\/+$/, "");
  return routes.map((route) =>
    // MSW path syntax uses `:name` where OpenAPI uses `{name}`.
    http[route.method.toLowerCase() as "get"](
      base + route.template.replace(/\{([^}]+)\}/g, ":$1"),
      async ({ request }) => {
        const action = api.handle({
          method: request.method,
          url: new URL(request.url),
          header: (name) => request.headers.get(name),
          body: parseBody(await request.text()),
        });
        if (options.latencyMs) await delay(options.latencyMs);
        if (action.kind === "reset") return HttpResponse.error();
        if (action.kind === "json")
          return HttpResponse.json(action.body, { status: action.status, headers: action.headers });
        const text =
          action.kind === "truncate" ? action.text.slice(0, action.text.length / 2) : action.text;
        return new HttpResponse(text, {
          status: action.status,
          headers: { "content-type": "application/json" },
        });
      },
    ),
  );
}
