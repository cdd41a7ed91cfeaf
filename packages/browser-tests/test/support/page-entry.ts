// Bundled for the page by esbuild (the built dist of our packages and msw/browser): MSW's
// service worker answers for the mock, and the client, exposed on `window` for the tests.
import { setupWorker } from "msw/browser";
import { createMockHandlers } from "@keyapi-tiktok/mock/msw";
import { createKeyApiClient } from "@keyapi-tiktok/client";

Object.assign(globalThis, { setupWorker, createMockHandlers, createKeyApiClient });
