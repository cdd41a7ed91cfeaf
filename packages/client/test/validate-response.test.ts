import { afterEach, describe, expect, it } from "vitest";
import { createKeyApiClient, InvalidResponseError } from "../src/index.js";
import { KEY, QUERY, REVIEWS } from "./support/fixtures.js";
import { reply, startScriptedServer, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(() => server?.close());

const envelope = (data: unknown) => ({ code: 0, message: "success", data, requestId: "r" });

// [name, body the server sends, JSON pointer the error must name (undefined = valid)]
const cases: [string, unknown, string | undefined][] = [
  ["a valid page", envelope([{ review_id: "1", rating: 5 }]), undefined],
  ["rating as a string", envelope([{ review_id: "1", rating: "5" }]), "/data/0/rating"],
  ["data not an array", envelope({}), "/data"],
  ["requestId missing", { code: 0, message: "ok", data: [] }, "/"],
];

describe("validateResponses: true", () => {
  it.each(cases)("%s", async (_name, body, pointer) => {
    server = await startScriptedServer([reply.json(200, body)]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      validateResponses: true,
    });
    const result = await client.get(REVIEWS, { query: QUERY }).catch((e: unknown) => e);
    if (pointer === undefined) {
      expect(result).toEqual((body as { data: unknown }).data);
    } else {
      expect(result).toBeInstanceOf(InvalidResponseError);
      expect((result as Error).message).toContain(`at ${pointer}:`);
      expect(server.received).toHaveLength(1); // not retried: the body was complete and charged
    }
  });

  it("checks error bodies against the ErrorEnvelope schema too", async () => {
    server = await startScriptedServer([
      reply.json(400, { code: 400, message: "bad", data: "oops" }),
    ]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      validateResponses: true,
    });
    const error = await client.get(REVIEWS, { query: QUERY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("at /data:");
  });

  it("is off by default", async () => {
    server = await startScriptedServer([reply.json(200, envelope([{ rating: "5" }]))]);
    const client = createKeyApiClient({ apiKey: KEY, baseUrl: server.url });
    expect(await client.get(REVIEWS, { query: QUERY })).toEqual([{ rating: "5" }]);
  });
});

describe("credits with validateResponses", () => {
  it("count a 2xx that fails the schema as charged (the vendor served it)", async () => {
    server = await startScriptedServer([reply.json(200, envelope([{ rating: "5" }]))]);
    const client = createKeyApiClient({
      apiKey: KEY,
      baseUrl: server.url,
      validateResponses: true,
    });
    await client.get(REVIEWS, { query: QUERY }).catch(() => {});
    expect(client.credits).toMatchObject({ requests: 1, charged: 1 });
  });
});
