import {
  createKeyApiClient,
  type KeyApiClient,
  type KeyApiClientOptions,
} from "../../src/index.js";
import { KEY } from "./fixtures.js";

/**
 * Two clients alike but for their road: the first sends a GET itself (no middleware), the second
 * through openapi-fetch (a middleware that does nothing sends it there). No retries unless asked.
 */
export function clientsOnBothRoads(options: KeyApiClientOptions = {}) {
  const direct = createKeyApiClient({ apiKey: KEY, maxRetries: 0, ...options });
  const through = createKeyApiClient({ apiKey: KEY, maxRetries: 0, ...options });
  through.use({ onRequest: () => undefined });
  return [direct, through] as const;
}

/** How a promise settled, as a value to compare: `{ value }` or `{ thrown }`. */
export const outcome = (p: Promise<unknown>) =>
  p.then(
    (value) => ({ value }),
    (thrown: unknown) => ({ thrown }),
  );

/** A `GET` result as plain data: its keys, data, error, and what its Response says. */
export function viewOf(result: Awaited<ReturnType<KeyApiClient["GET"]>>) {
  const { response } = result;
  return {
    keys: Object.keys(result),
    data: result.data,
    error: result.error,
    status: response.status,
    ok: response.ok,
    statusText: response.statusText,
    url: response.url,
    // Two requests a second apart differ in it.
    headers: [...response.headers].filter(([name]) => name !== "date"),
  };
}
