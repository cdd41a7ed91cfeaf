import { readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { hideKeys, withoutUnknownValue } from "../src/output/key-shaped.js";
import { runCli, tempDir } from "./support.js";

// A key typed into the wrong flag is not quoted back: the refusal names the flag, not the value.

const TYPED = "sk_live_TYPED_0123456789abcdef";
/** A key of another shape than the vendor's: only known as the run's own. */
const OWN = "Acme-Key-7f3a9c1e";

describe("hideKeys", () => {
  // [text, the key the run was given, what is said]
  it.each<[string, string | undefined, string]>([
    [`got "${TYPED}"`, undefined, `got "[redacted]"`],
    [`argument '${TYPED}' is invalid`, undefined, `argument '[redacted]' is invalid`],
    [`${TYPED.toUpperCase()} is not an operation`, undefined, "[redacted] is not an operation"],
    ["sk_test_abc, and sk_live_x;", undefined, "[redacted], and [redacted];"],
    [
      "glued to what comes before: -ksk_live_x, xsk_test_y",
      undefined,
      "glued to what comes before: -k[redacted], x[redacted]",
    ],
    [
      "its tail ends at a quote or colon: 'sk_live_a1': x",
      undefined,
      "its tail ends at a quote or colon: '[redacted]': x",
    ],
    ["the prefix alone is no key: sk_live_…", undefined, "the prefix alone is no key: sk_live_…"],
    [
      "the run's own key whole, quote and all: sk_live_ab'cd12",
      "sk_live_ab'cd12",
      "the run's own key whole, quote and all: [redacted]",
    ],
    ["a key of another shape: Key-12345678", "key-12345678", "a key of another shape: [redacted]"],
    ["a key of regex characters: a+b(c)*d.", "a+b(c)*d.", "a key of regex characters: [redacted]"],
    ["a short key is no key: x marks", "x", "a short key is no key: x marks"],
    ["nothing to hide", "", "nothing to hide"],
  ])("%s", (text, key, said) => {
    expect(hideKeys(text, key)).toBe(said);
  });
});

describe("withoutUnknownValue", () => {
  it.each([
    ["error: unknown option '--api-key=abc'", "error: unknown option '--api-key=…'"],
    ["error: unknown option '--api-key'", "error: unknown option '--api-key'"],
    [
      "error: option '--x <v>' argument 'a=b' is invalid",
      "error: option '--x <v>' argument 'a=b' is invalid",
    ],
  ])("%s", (text, said) => {
    expect(withoutUnknownValue(text)).toBe(said);
  });
});

describe("end to end: a key in the wrong flag is refused without being quoted", () => {
  // [args, what stays of the refusal]
  it.each<[string[], RegExp]>([
    [[`--api-key=${TYPED}`, "reviews", "1"], /^error: unknown option '--api-key=…'$/],
    [["--api-key=plainsecret", "reviews", "1"], /^error: unknown option '--api-key=…'$/],
    [
      ["reviews", "1", "--base-url", TYPED],
      /^keyapi-tiktok: --base-url must be an http\(s\) URL, got "\[redacted\]"$/,
    ],
    [["reviews", "1", "--redis-url", TYPED], /^keyapi-tiktok: --redis-url .* got "\[redacted\]"$/],
    [
      ["--timeout", TYPED, "reviews", "1"],
      /^error: option '--timeout <seconds>' argument '\[redacted\]' is invalid/,
    ],
    [
      ["call", "/v1/tiktok/product/reviews/analytics", "-q", TYPED],
      /^keyapi-tiktok: --query expects key=value, got "\[redacted\]"$/,
    ],
    [["call", TYPED], /^keyapi-tiktok: \[redacted\] is not an operation of the spec/],
    [[TYPED], /^error: unknown command '\[redacted\]'$/],
    [
      ["--debug", "reviews", "1", "--base-url", TYPED],
      /^keyapi-tiktok: --base-url must be an http\(s\) URL/,
    ],
  ])("%j", { timeout: 30_000 }, async (args, said) => {
    const run = await runCli(args, { KEYAPI_API_KEY: "sk_test_cli" });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.split("\n")[0]).toMatch(said);
    expect(run.stdout + run.stderr).not.toMatch(/TYPED|plainsecret/i);
  });

  // The run's own key, of any shape, from either source: a key file's is read for the refusal
  // said before the pull reads it (`--base-url KEY` is checked first).
  it.each<[string, (dir: string) => Promise<[string[], Record<string, string>]>]>([
    ["KEYAPI_API_KEY", async () => [[], { KEYAPI_API_KEY: OWN }]],
    [
      "--api-key-file",
      async (dir) => {
        await writeFile(path.join(dir, "key"), `${OWN}\n`);
        return [["--api-key-file", path.join(dir, "key")], { KEYAPI_API_KEY: "" }];
      },
    ],
  ])("the run's own key from %s, typed into a flag", { timeout: 30_000 }, async (_name, given) => {
    const [flags, env] = await given(await tempDir());
    for (const args of [
      ["reviews", "1", "--base-url", OWN],
      ["reviews", "1", "--pages", OWN.toLowerCase()],
      ["contract", "--only", OWN, "--base-url", "http://127.0.0.1:9"],
    ]) {
      const run = await runCli([...flags, ...args], env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain("[redacted]");
      expect((run.stdout + run.stderr).toLowerCase()).not.toContain(OWN.toLowerCase());
    }
  });

  // [args, the refusal]: a key where a file's name or an id goes is refused, not used.
  it.each<[string[], string]>([
    [
      ["reviews", "1", "--out", TYPED],
      "--out looks like an API key (sk_live_…): give the output a file name",
    ],
    [
      ["contract", "--junit", TYPED],
      "--junit looks like an API key (sk_live_…): give the report a file name",
    ],
    [["reviews", TYPED], "product_id holds an API key (sk_live_…): it is not sent as data"],
    [
      ["reviews", "1", "--out", `${OWN.toLowerCase()}.csv`],
      "--out holds the API key: give the output a file name",
    ],
    [
      ["contract", "--markdown", `x-${OWN}.md`],
      "--markdown holds the API key: give the report a file name",
    ],
  ])("%j", { timeout: 30_000 }, async (args, refusal) => {
    const run = await runCli([...args, "--base-url", "http://127.0.0.1:9"], {
      KEYAPI_API_KEY: OWN,
    });
    expect([run.code, run.stderr]).toEqual([2, `keyapi-tiktok: ${refusal}\n`]);
  });
});

describe("a server's message holding a key-shaped text", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it(
    "is said without it: a product's failure line, FILE.failed, contract's reports",
    { timeout: 30_000 },
    async () => {
      server = createServer((_req, res) => {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 400, message: `bad id; try ${TYPED}`, data: null }));
      });
      await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const dir = await tempDir();
      await writeFile(path.join(dir, "ids.txt"), "1\n");
      const out = path.join(dir, "r.csv");
      const env = { KEYAPI_API_KEY: OWN };
      const pull = await runCli(
        ["reviews", "--ids-file", path.join(dir, "ids.txt"), "--base-url", url],
        env,
      );
      expect(pull.code, pull.stderr).toBe(7);
      expect(pull.stderr).toContain("failed: 1\tbad id; try [redacted]");
      const listed = await runCli(
        ["reviews", "--ids-file", path.join(dir, "ids.txt"), "--out", out, "--base-url", url],
        env,
      );
      expect(listed.code, listed.stderr).toBe(7);
      expect(await readFile(`${out}.failed`, "utf8")).toMatch(/^1\tbad id; try \[redacted\]/);
      const junit = path.join(dir, "c.xml");
      const contract = await runCli(["contract", "--junit", junit, "--base-url", url], env);
      expect(contract.code, contract.stderr).toBe(1); // a 400 for the sample: breaking drift
      expect(await readFile(junit, "utf8")).toContain("[redacted]");
      for (const said of [
        pull.stderr,
        listed.stderr,
        contract.stdout,
        contract.stderr,
        await readFile(junit, "utf8"),
      ])
        expect(said).not.toContain(TYPED);
    },
  );
});

describe("contract: another key in a successful answer", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it("is left out of the table and the reports", { timeout: 30_000 }, async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ code: 0, message: "success", data: { other: TYPED }, requestId: "r" }),
      );
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = await tempDir();
    const [junit, markdown] = [path.join(dir, "c.xml"), path.join(dir, "c.md")];
    const run = await runCli(
      ["contract", "--junit", junit, "--markdown", markdown, "--base-url", url],
      {
        KEYAPI_API_KEY: OWN,
      },
    );
    expect(run.code, run.stderr).toBe(1); // an object where the spec has a list: breaking drift
    const said = [
      run.stdout,
      run.stderr,
      await readFile(junit, "utf8"),
      await readFile(markdown, "utf8"),
    ];
    expect(said.join("\n")).toContain("[redacted]");
    for (const text of said) expect(text).not.toContain(TYPED);
  });
});

describe("contract: a report that cannot be written is said before a credit is spent", () => {
  let mock: MockServer | undefined;
  afterEach(() => mock?.close());

  it.each([
    ["a missing folder", "no-such-folder/c.xml", "its folder does not exist"],
    ["a folder", ".", "it is a folder"],
  ])("%s", { timeout: 30_000 }, async (_name, file, why) => {
    mock = await startMockServer({ apiKeys: [OWN] });
    const dir = await tempDir();
    const at = path.join(dir, file);
    const run = await runCli(["contract", "--markdown", at, "--base-url", mock.url], {
      KEYAPI_API_KEY: OWN,
    });
    expect([run.code, run.stderr.trimEnd().split("\n").pop()]).toEqual([
      6,
      `keyapi-tiktok: cannot write --markdown ${at}: ${why}`,
    ]);
    expect(mock.stats.requests).toBe(0);
  });
});
