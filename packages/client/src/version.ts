declare const __CLIENT_VERSION__: string | undefined;

/** The package version, injected at build time (tsup `define`), "0.0.0-dev" from sources. */
export const VERSION: string =
  typeof __CLIENT_VERSION__ === "string" ? __CLIENT_VERSION__ : "0.0.0-dev";

/** Browsers forbid setting User-Agent; elsewhere it names us so the vendor can see SDK traffic. */
export function defaultUserAgent(): string | undefined {
  const g = globalThis as { window?: unknown; importScripts?: unknown };
  if (g.window !== undefined || typeof g.importScripts === "function") return undefined;
  return `@keyapi-tiktok/client/${VERSION}`;
}
