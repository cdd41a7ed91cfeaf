import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, type Logger, type LogLevel } from "../src/index.js";
import { QUERY, REVIEWS, KEY } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(() => server?.close());

describe("logLevel (a call retried once: two attempts, one retry warning)", () => {
  // [level, debug lines, warn lines]
  it.each([
    ["debug", 2, 1],
    ["info", 0, 1],
    [undefined, 0, 1],
    ["warn", 0, 1],
    ["error", 0, 0],
    ["off", 0, 0],
  ] as const)("%s → %i debug, %i warn", async (logLevel, debug, warn) => {
    server = await startScriptedServer([reply.error(503, "busy"), reply.ok()]);
    const lines = { debug: 0, info: 0, warn: 0, error: 0 };
    const count = (level: keyof Logger) => () => void lines[level]++;
    const logger: Logger = {
      debug: count("debug"),
      info: count("info"),
      warn: count("warn"),
      error: count("error"),
    };
    await createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      retry: { baseDelayMs: 1 },
      logger,
      logLevel: logLevel as LogLevel | undefined,
    }).get(REVIEWS, { query: QUERY });
    expect(lines).toEqual({ debug, info: 0, warn, error: 0 });
  });
});
