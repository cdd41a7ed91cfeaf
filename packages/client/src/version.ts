declare const __CLIENT_VERSION__: string | undefined;

/** The package version, injected at build time (tsup `define`), "0.0.0-dev" from sources. */
export const VERSION: string =
  typeof __CLIENT_VERSION__ === "string" ? __CLIENT_VERSION__ : "0.0.0-dev";

/**
 * Names us so the vendor can see SDK traffic, except in browsers and their workers: they refuse
 * the header, and a custom one there would cost a CORS preflight on every call.
 */
export const defaultUserAgent = (): string | undefined =>
  "document" in globalThis || "importScripts" in globalThis
    ? undefined
    : `@keyapi-tiktok/client/${VERSION}`;
