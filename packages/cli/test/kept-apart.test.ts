import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { link, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { refuseKeyAs, refuseOverwrite } from "../src/input/kept-apart.js";
import { refuseKeyAsData, type SentData } from "../src/api-key.js";
import { BIN, KEY, runCli, tempDir } from "./support.js";

// The key file is never sent as data nor replaced by a pull's files; a list of ids is never
// replaced by them either.

const ids = (file: string) => ({ file, flag: "--ids-file", what: "the ids" });
const said = (f: () => void) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("the key file read as ids", () => {
  // [case, key file, ids file (names relative to a folder holding `key` and `other`), refusal]
  it.each<[string, string, string, string]>([
    [
      "one name",
      "key",
      "key",
      "--api-key-file and --ids-file are the same file: the key would be sent as the ids",
    ],
    [
      "another name (./)",
      "key",
      "./sub/../key",
      "--api-key-file and --ids-file are the same file: the key would be sent as the ids",
    ],
    [
      "a symlink",
      "key",
      "key-link",
      "--api-key-file and --ids-file are the same file: the key would be sent as the ids",
    ],
    [
      "a hard link",
      "key",
      "key-hard",
      "--api-key-file and --ids-file are the same file: the key would be sent as the ids",
    ],
    [
      "both standard input",
      "-",
      "-",
      "--api-key-file and --ids-file both read standard input: give one of them a file",
    ],
    [
      "- and /dev/stdin",
      "-",
      "/dev/stdin",
      "--api-key-file and --ids-file both read standard input: give one of them a file",
    ],
    ["two files", "key", "other", "ok"],
    ["a key from stdin, ids from a file", "-", "other", "ok"],
  ])("%s", async (_name, key, list, expected) => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "sub"));
    await writeFile(path.join(dir, "key"), `${KEY}\n`);
    await writeFile(path.join(dir, "other"), "1\n");
    await symlink(path.join(dir, "key"), path.join(dir, "key-link"));
    await link(path.join(dir, "key"), path.join(dir, "key-hard"));
    const at = (f: string) => (f.startsWith("/") || f === "-" ? f : path.join(dir, f));
    expect(said(() => refuseKeyAs(at(key), ids(at(list))))).toBe(expected);
  });

  it("no key file (the environment's key): nothing to refuse", () => {
    expect(said(() => refuseKeyAs(undefined, ids("-")))).toBe("ok");
  });
});

describe("an input at a file the pull to --out replaces", () => {
  const key = (file: string) => ({ file, flag: "--api-key-file", what: "the key" });
  // [input, its name beside --out r.csv, refused]. A list of failures is refused as ids too: the
  // pull rewrites it with this run's failures alone, so a run stopped early lost the rest.
  it.each<[string, string, boolean]>([
    ["key", "r.csv", true],
    ["key", "r.csv.failed", true],
    ["key", "r.csv.partial", true],
    ["key", "r.csv.partial.failed", true],
    ["key", "r.csv.checkpoint", true],
    ["key", "r.csv.checkpoint.tmp", true],
    ["key", "r.csv.lock", true],
    ["key", "s.csv.failed", false],
    ["ids", "r.csv.failed", true],
    ["ids", "r.csv.partial.failed", true],
    ["ids", "r.csv.partial", true],
    ["ids", "r.csv.checkpoint", true],
    ["ids", "s.csv.failed", false],
  ])("%s at %s", async (what, name, refused) => {
    const dir = await tempDir();
    await writeFile(path.join(dir, name), "x\n");
    const input = what === "key" ? key(path.join(dir, name)) : ids(path.join(dir, name));
    const refusal = said(() => refuseOverwrite(input, path.join(dir, "r.csv")));
    expect(refusal !== "ok", refusal).toBe(refused);
    // The side file is named as --out's (which the user chose), never by the input's own path.
    if (refused && name !== "r.csv")
      expect(refusal).toMatch(/a file the pull to --out .* replaces: .* would be lost \(copy it/);
  });

  it("--out a symlink: the side files are its target's", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "data"));
    await writeFile(path.join(dir, "data", "r.csv.failed"), `${KEY}\n`);
    await symlink(path.join(dir, "data", "r.csv"), path.join(dir, "latest.csv"));
    const refusal = said(() =>
      refuseOverwrite(key(path.join(dir, "data", "r.csv.failed")), path.join(dir, "latest.csv")),
    );
    expect(refusal).toMatch(/^--api-key-file is .*latest\.csv\.failed, a file the pull/);
  });

  it("--out a device: it has no side files", () => {
    expect(said(() => refuseOverwrite(key("/dev/null"), "/dev/stdout"))).toBe("ok");
  });
});

describe("data that is the key itself", () => {
  const body = (value: unknown) => ({ params: {}, body: value });
  // [case, the data, the refusal, the run's key (KEY when not given)]
  it.each<[string, SentData, string, string?]>([
    [
      "a parameter",
      { params: { product_id: KEY } },
      "product_id holds the API key: it is not sent as data",
    ],
    [
      "a parameter that holds more",
      { params: { q: ` ${KEY} ` } },
      "q holds the API key: it is not sent as data",
    ],
    [
      "a parameter in another case",
      { params: { q: KEY.toUpperCase() } },
      "q holds the API key: it is not sent as data",
    ],
    ["a parameter without it", { params: { q: "sk_test", n: 5 } }, "ok"],
    [
      "an id holding a key too short to be one (13)",
      { params: {}, each: { name: "product_id", ids: ["100013"] } },
      "ok",
      "13",
    ],
    [
      "an id that is that short key",
      { params: {}, each: { name: "product_id", ids: [" 13 "] } },
      "an id of the list for product_id holds the API key: it is not sent as data",
      "13",
    ],
    [
      "another key (a colleague's)",
      { params: { q: "sk_live_Other99" } },
      "q holds an API key (sk_live_…): it is not sent as data",
    ],
    [
      "another key among the ids",
      { params: {}, each: { name: "product_id", ids: ["1", "SK_TEST_x"] } },
      "an id of the list for product_id holds an API key (sk_live_…): it is not sent as data",
    ],
    [
      "a body's value, however deep",
      body({ a: [{ b: KEY }] }),
      "--body holds the API key: it is not sent as data",
    ],
    ["a body's key", body({ [KEY]: 1 }), "--body holds the API key: it is not sent as data"],
    ["a body without it", body({ a: "sk_test" }), "ok"],
    [
      "an id",
      { params: {}, each: { name: "product_id", ids: ["1", `"${KEY}",1`] } },
      "an id of the list for product_id holds the API key: it is not sent as data",
    ],
    ["ids without it", { params: {}, each: { name: "product_id", ids: ["1"] } }, "ok"],
  ])("%s", (_name, data, expected, key = KEY) => {
    expect(said(() => refuseKeyAsData(key, data))).toBe(expected);
    // The mock's run has no key: nothing to compare with.
    expect(said(() => refuseKeyAsData(undefined, data))).toBe("ok");
  });
});

describe("end to end: refused before anything is read, bought or written", () => {
  let mock: MockServer | undefined;
  afterEach(() => mock?.close());

  it.each<[string, (key: string, out: string) => string[], string]>([
    [
      "reviews --ids-file the key file",
      (key, out) => ["reviews", "--ids-file", key, "--out", out],
      "--api-key-file and --ids-file are the same file: the key would be sent as the ids",
    ],
    [
      "call --each with the key file",
      (key, out) => [
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "--each",
        `product_id=@${key}`,
        "--out",
        out,
      ],
      "--api-key-file and --each are the same file: the key would be sent as the ids",
    ],
    [
      "the key file at --out's list of failures",
      (_key, out) => ["reviews", "1", "--out", out.replace("r.csv", "k.csv")],
      "--api-key-file is K.failed, a file the pull to --out K replaces: the key would be lost (copy it elsewhere first)",
    ],
    [
      "an ids file that is a copy of the key file",
      (key, out) => ["reviews", "--ids-file", `${key}.copy`, "--out", out],
      "an id of the list for product_id holds the API key: it is not sent as data",
    ],
    [
      "the key pasted as the product id",
      (_key, out) => ["reviews", KEY, "--out", out],
      "product_id holds the API key: it is not sent as data",
    ],
    [
      "the key as a -q value",
      (_key, out) => [
        "call",
        "/v1/tiktok/product/reviews/analytics",
        "-q",
        `product_id= ${KEY} `,
        "--out",
        out,
      ],
      "product_id holds the API key: it is not sent as data",
    ],
  ])("%s", { timeout: 30_000 }, async (_name, args, refusal) => {
    mock = await startMockServer({ apiKeys: [KEY] });
    const dir = await tempDir();
    const key = path.join(dir, "k.csv.failed");
    await writeFile(key, `${KEY}\n`);
    await writeFile(`${key}.copy`, `# ids\n1\n${KEY}\t\n`);
    const out = path.join(dir, "r.csv");
    const run = await runCli(["--api-key-file", key, ...args(key, out), "--base-url", mock.url]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toBe(`keyapi-tiktok: ${refusal.replaceAll("K", path.join(dir, "k.csv"))}\n`);
    expect([mock.stats.requests, existsSync(out), await readFile(key, "utf8")]).toEqual([
      0,
      false,
      `${KEY}\n`,
    ]);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });
});

describe("standard output redirected into the key or the ids (`>> FILE`)", () => {
  let mock: MockServer | undefined;
  afterEach(() => mock?.close());

  // [what is redirected into, the CLI's flags after the key file's, the refusal]
  it.each<[string, (key: string, ids: string) => string[], string]>([
    ["key", () => ["reviews", "1"], "--api-key-file and standard output are the same file"],
    [
      "ids",
      (_key, ids) => ["reviews", "--ids-file", ids],
      "--ids-file and standard output are the same file",
    ],
  ])(
    "into the %s: refused, the file as it was",
    { timeout: 30_000 },
    async (into, args, refusal) => {
      mock = await startMockServer({ apiKeys: [KEY] });
      const dir = await tempDir();
      const [key, ids] = [path.join(dir, "key"), path.join(dir, "ids.txt")];
      await writeFile(key, `${KEY}\n`);
      await writeFile(ids, "1\n2\n");
      const target = into === "key" ? key : ids;
      const cli = [process.execPath, BIN, "--api-key-file", key, ...args(key, ids)];
      const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          "sh",
          ["-c", '"$@" --base-url "$URL" >> "$INTO"', "sh", ...cli],
          { env: { ...process.env, URL: mock!.url, INTO: target } },
          (e, _out, stderr) => resolve({ code: (e?.code as number) ?? 0, stderr }),
        ),
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(`^keyapi-tiktok: ${refusal}: the records would replace`),
      );
      expect(mock.stats.requests).toBe(0);
      expect([await readFile(key, "utf8"), await readFile(ids, "utf8")]).toEqual([
        `${KEY}\n`,
        "1\n2\n",
      ]);
    },
  );
});
