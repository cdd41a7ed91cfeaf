/**
 * `@keyapi-tiktok/mock`: a spec-driven mock KeyAPI server with fault injection, for tests and
 * demos that must not spend credits. MSW handlers over the same data: `@keyapi-tiktok/mock/msw`.
 *
 * @packageDocumentation
 */
export { startMockServer, type MockServer, type MockServerOptions } from "./server.js";
export {
  MockApi,
  SCRIPTED_FAULTS,
  type MockOptions,
  type MockStats,
  type MockAction,
  type MockRequest,
} from "./core/mock-api.js";
