import { readFile } from "node:fs/promises";
import { createKeyApiClient, type KeyApiClient, type Logger } from "@keyapi-tiktok/client";
import { startMockServer } from "@keyapi-tiktok/mock";
import { UsageError } from "./exit-codes.js";

export interface GlobalOptions {
  apiKeyFile?: string;
  baseUrl?: string;
  mock?: boolean;
  debug?: boolean;
}

export interface Session {
  client: KeyApiClient;
  close(): Promise<void>;
}

const stderrLogger: Logger = {
  debug: (m, f) => process.stderr.write(`debug ${m} ${f ? JSON.stringify(f) : ""}\n`),
  info: (m) => process.stderr.write(`info ${m}\n`),
  warn: (m) => process.stderr.write(`warn ${m}\n`),
  error: (m) => process.stderr.write(`error ${m}\n`),
};

/** The client for this run: the embedded mock with `--mock`, else the real API with a key. */
export async function openSession(
  g: GlobalOptions,
  extra: { maxCredits?: number; requestsPerSecond?: number } = {},
): Promise<Session> {
  const common = {
    logger: stderrLogger,
    logLevel: g.debug ? ("debug" as const) : ("error" as const),
    ...(extra.maxCredits !== undefined ? { maxCredits: extra.maxCredits } : {}),
    ...(extra.requestsPerSecond
      ? { rateLimit: { requestsPerSecond: extra.requestsPerSecond } }
      : {}),
  };
  // An empty or broken value must not fall back to the production API or the environment's key.
  if (
    g.baseUrl !== undefined &&
    !/^https?:$/.test(URL.canParse(g.baseUrl) ? new URL(g.baseUrl).protocol : "")
  ) {
    throw new UsageError(`--base-url must be an http(s) URL, got ${JSON.stringify(g.baseUrl)}`);
  }
  if (g.apiKeyFile === "") throw new UsageError("--api-key-file needs a file path");
  if (g.mock) {
    // A little latency so the demo's progress display is visible; still no key, no credits.
    const mock = await startMockServer({ latencyMs: 8 });
    return {
      client: createKeyApiClient({ ...common, baseUrl: mock.url, apiKey: mock.testKey }),
      close: () => mock.close(),
    };
  }
  let apiKey: string | undefined;
  if (g.apiKeyFile) {
    apiKey = (
      await readFile(g.apiKeyFile, "utf8").catch(() => {
        throw new UsageError(`cannot read --api-key-file ${g.apiKeyFile}`);
      })
    ).trim();
    if (!apiKey) throw new UsageError(`--api-key-file ${g.apiKeyFile} is empty`);
  }
  // Without --api-key-file the client reads KEYAPI_API_KEY and explains when it is missing.
  const client = createKeyApiClient({
    ...common,
    ...(apiKey ? { apiKey } : {}),
    ...(g.baseUrl ? { baseUrl: g.baseUrl } : {}),
  });
  return { client, close: async () => {} };
}
