import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "@keyapi-tiktok/mock";
import { openOutput } from "../src/output/target.js";
import { spawn } from "node:child_process";
import { BIN, KEY, runCli, tempDir } from "./support.js";
import { startFixedServer } from "./support-hostile-server.js";

let mock: MockServer | undefined;
let fixed: Awaited<ReturnType<typeof startFixedServer>> | undefined;
afterEach(async () => {
  await mock?.close();
  await fixed?.close();
  mock = fixed = undefined;
});

const env = { KEYAPI_API_KEY: KEY };
const review = (id: string, display_text: string) => ({
  review_id: id,
  product_id: "1",
  rating: 5,
  review_timestamp: 1_727_000_000_000,
  display_text,
  sku_specification: "M",
});
const envelope = (data: unknown) => ({ code: 0, message: "success", data, requestId: "req-1" });

describe("CSV is RFC 4180 for any reader, and formulas stay text", () => {
  // [text from the API, the cell a spreadsheet shows] — read back by csv-parse, not by us.
  const TEXTS: [string, string][] = [
    ["Great product\nwould buy again", "Great product\nwould buy again"],
    ["only a carriage\rreturn", "only a carriage\rreturn"],
    ["windows\r\nline", "windows\r\nline"],
    ['a "quoted" word', 'a "quoted" word'],
    ["a, comma", "a, comma"],
    ["\n=1+1", "'\n=1+1"],
    ["\r\n+cmd", "'\r\n+cmd"],
    ["  @SUM(A1)", "'  @SUM(A1)"],
    ["\t-2+3", "'\t-2+3"],
    ['=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'],
    ["plain - text", "plain - text"],
    ["-9007199254740993", "-9007199254740993"], // a number (an id as digits) runs nothing
    ["-2+3", "'-2+3"],
    ["\uff1d1+1", "'\uff1d1+1"], // full-width =
  ];

  it("every record reads back as one record with its exact text", async () => {
    fixed = await startFixedServer(200, envelope(TEXTS.map(([t], i) => review(`r${i}`, t))));
    const run = await runCli(["reviews", "1", "--format", "csv", "--base-url", fixed.url], env);
    expect(run.code, run.stderr).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.display_text)).toEqual(TEXTS.map(([, cell]) => cell));
    expect(rows.map((r) => r.review_id)).toEqual(TEXTS.map((_, i) => `r${i}`));
  });
});

describe("records nested too deep to export are left out by name; the run goes on", () => {
  let deep = "1";
  for (let i = 0; i < 5_000; i++) deep = `{"a":${deep}}`;
  const body = JSON.stringify(
    envelope([{ ...review("r1", "x"), extra: 0 }, review("r2", "ok")]),
  ).replace('"extra":0', `"extra":${deep}`);

  it.each([["json"], ["ndjson"], ["csv"], ["table"]])("--format %s", async (format) => {
    fixed = await startFixedServer(200, body);
    const run = await runCli(["reviews", "1", "--format", format, "--base-url", fixed.url], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /left out a record of page 1 \(review_id r1\): nested deeper than 256 levels/,
    );
    expect(run.stderr).toMatch(/^1 reviews, 1 left out \(named above\), 1 pages/m);
    expect(run.stdout).toContain(format === "table" ? "ok" : "r2");
    expect(run.stdout).not.toContain("r1");
  });

  it("a paged pull to --out completes (a resumed run would not hit it again)", async () => {
    fixed = await startFixedServer(200, body);
    const out = path.join(await tempDir(), "r.ndjson");
    const args = ["reviews", "1", "--format", "ndjson", "--out", out, "--base-url", fixed.url];
    const run = await runCli(args, env);
    expect(run.code, run.stderr).toBe(0);
    expect((await readFile(out, "utf8")).trim().split("\n")).toHaveLength(1);
    expect(existsSync(`${out}.checkpoint`)).toBe(false);
  });
});

describe("a record that is no object: kept by JSON, left out by name from columns", () => {
  // A broken page: null, a number, a string and a list beside one review.
  const body = JSON.stringify(envelope([null, 5, "text", [1, 2], review("r1", "ok")]));

  // [format, records written, lines left out]
  it.each<[string, number, number]>([
    ["json", 5, 0],
    ["ndjson", 5, 0],
    ["csv", 1, 4], // were 4 rows of empty cells, with nothing said
    ["table", 1, 4],
  ])("--format %s: %i written, %i named", async (format, written, named) => {
    fixed = await startFixedServer(200, body);
    const run = await runCli(["reviews", "1", "--format", format, "--base-url", fixed.url], env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.match(/^left out a record of page 1: .*$/gm) ?? [];
    expect(lines).toHaveLength(named);
    if (named)
      expect(lines[0]).toBe(
        `left out a record of page 1: not an object, so it has no ${format} columns`,
      );
    const rows = run.stdout.trimEnd().split(/\r?\n/);
    if (format === "json") expect(JSON.parse(run.stdout)).toHaveLength(written);
    else expect(rows).toHaveLength(format === "ndjson" ? written : written + 1); // a header
    expect(run.stderr).toMatch(named ? /, 4 left out \(named above\)/ : /^5 reviews, 1 pages/m);
  });
});

describe("terminal escapes from the server are inert under --debug too", () => {
  it("the message, the retry warnings, the log fields and the stack", async () => {
    fixed = await startFixedServer(500, {
      code: 500,
      message: "boom\u001b]0;pwned\u0007\u001b[2J\u009b31mred\nkeyapi-tiktok: forged line",
      data: null,
      requestId: "rid\u009b31m\u009d0;T\u009c\u202eevil",
    });
    const run = await runCli(["--debug", "reviews", "1", "--base-url", fixed.url], env);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/\n\s+at /); // --debug shows the stack
    expect(run.stderr).toContain("boom");
    expect(run.stderr).not.toMatch(/[\u001b\u0007\u009b\u009c\u009d\u202e]/);
    // The server's line break forges no line of the CLI's.
    expect(run.stderr.split("\n").filter((l) => l.startsWith("keyapi-tiktok:"))).toHaveLength(1);
  });

  it("an unterminated OSC hides nothing after it", async () => {
    fixed = await startFixedServer(500, "<html>\u001b]0;title never ends");
    const run = await runCli(["reviews", "1", "--base-url", fixed.url], env);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/title never ends.*\(HTTP 500\)/);
    expect(run.stderr).not.toMatch(/\u001b/);
  });
});

describe("records printed on a terminal are inert; piped, they go as they came", () => {
  // A review that sets the window's title, clears the screen, draws a hyperlink (OSC 8) and
  // reverses the text: CSV on a tty printed it raw (only the table and the messages were clean).
  const text =
    "t\u001b]0;owned\u0007\u001b[2J\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\ \u009b31m\u202eevil";
  it.each([
    ["csv", []],
    ["ndjson", []],
    ["json", []],
    ["csv", ["--out", "/dev/stdout"]],
    ["ndjson", ["--out", "/dev/tty"]],
  ])("--format %s %j", async (format, out) => {
    fixed = await startFixedServer(200, envelope([review("r1", text)]));
    const dir = await tempDir();
    const args = [BIN, "reviews", "1", "--pages", "1", "--format", format, "--base-url", fixed.url];
    args.push(...out);
    // `script` gives the CLI a real pseudo-terminal for stdout; stderr goes to a file.
    const command = `${[process.execPath, ...args].map((a) => `'${a}'`).join(" ")} 2>'${dir}/err'`;
    // Not spawnSync: the server answering it lives in this process's event loop.
    const tty = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const child = spawn("script", ["-qec", command, "/dev/null"], {
        env: { ...process.env, ...env },
      });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("close", (status) => resolve({ status, stdout }));
    });
    expect(tty.status, await readFile(`${dir}/err`, "utf8")).toBe(0);
    expect(tty.stdout).toContain("r1");
    expect(tty.stdout).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    if (out.length) return; // piped, --out names no terminal: the rows without it show that
    const piped = await runCli(args.slice(1), env);
    expect(piped.code).toBe(0);
    // Piped, the data is the server's: JSON escapes what JSON escapes, CSV keeps every byte.
    if (format === "csv") expect(piped.stdout).toContain(text);
    else expect(piped.stdout).toContain(JSON.stringify(text).slice(1, -1));
  });
});

describe("--base-url with a user or password: refused, never echoed", () => {
  it.each([
    ["https with user:password", (u: string) => u.replace("http://", "http://alice:hunter2pw@")],
    ["a user only", (u: string) => u.replace("http://", "http://hunter2pw@")],
    ["a malformed URL with a password", () => "ftp://alice:hunter2pw@host"],
    ["a password with a slash (unparsable)", () => "https://alice:s3c/hunter2pw@host"],
  ])("%s → exit 2, no request", async (_name, url) => {
    fixed = await startFixedServer(200, envelope([]));
    const run = await runCli(["reviews", "1", "--base-url", url(fixed.url)], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--base-url must/);
    expect(run.stdout + run.stderr).not.toContain("hunter2pw");
    expect(fixed.requests()).toBe(0);
  });
});

describe("--out keeps its mode; a read-only --out is refused", () => {
  // [name, mode of the existing --out]
  it.each([
    ["private data stays private", 0o600],
    ["a group-writable file stays so (not the umask's mode)", 0o664],
  ])("%s (%o)", async (_name, mode) => {
    mock = await startMockServer({ datasetSize: 30 });
    const out = path.join(await tempDir(), "r.csv");
    await writeFile(out, "old\n");
    await chmod(out, mode);
    const args = ["reviews", "1", "--all", "--format", "csv", "--out", out];
    const run = await runCli([...args, "--base-url", mock.url], env);
    expect(run.code, run.stderr).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(mode);
    // The writer of an operation that is not paged (a file renamed into place) too.
    const target = await openOutput(out);
    target.stream.write("x\n");
    await target.commit();
    expect((await stat(out)).mode & 0o777).toBe(mode);
  });

  it("a read-only --out: exit 6, one line, nothing bought, the file untouched", async () => {
    mock = await startMockServer({ datasetSize: 30 });
    const dir = await tempDir();
    const out = path.join(dir, "r.csv");
    await writeFile(out, "keep me\n");
    await chmod(out, 0o444);
    const run = await runCli(["reviews", "1", "--all", "--out", out, "--base-url", mock.url], env);
    expect(run.code, run.stderr).toBe(6);
    expect(run.stderr).toMatch(/cannot write --out .*r\.csv: it is read-only \(mode 0444\)/);
    expect(mock.stats.requests).toBe(0);
    expect(await readFile(out, "utf8")).toBe("keep me\n");
    expect(await readdir(dir)).toEqual(["r.csv"]);
    await expect(openOutput(out)).rejects.toThrow(/read-only/);
  });
});

describe("a checkpoint cannot be turned against the user", () => {
  const stopped = async (out: string, source: string[]) => {
    const args = ["reviews", "1", "--pages", "3", "--format", "csv", "--out", out];
    const run = await runCli([...source, ...args, "--max-credits", "1"], env);
    expect(run.code).toBe(3); // its budget stopped it after one page
    return args;
  };

  it("a --mock pull is not resumed from the API (or the reverse): exit 2, nothing bought", async () => {
    fixed = await startFixedServer(200, envelope([review("real", "from the API")]));
    const out = path.join(await tempDir(), "r.csv");
    const args = await stopped(out, ["--mock"]);
    const before = await readFile(out, "utf8");
    const run = await runCli(["--base-url", fixed.url, ...args, "--resume"], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/its source \(--mock or --base-url\) was "mock"/);
    expect(fixed.requests()).toBe(0);
    expect(await readFile(out, "utf8")).toBe(before);
  });

  it("a tampered `file` never moves, truncates or writes another file", async () => {
    mock = await startMockServer({ datasetSize: 100 });
    const dir = await tempDir();
    const out = path.join(dir, "r.csv");
    const args = await stopped(out, ["--base-url", mock.url]);
    const notes = path.join(dir, "notes.txt");
    await writeFile(notes, "my notes\n");
    const cp = JSON.parse(await readFile(`${out}.checkpoint`, "utf8")) as { file: string };
    for (const file of ["notes.txt", "../notes.txt", notes]) {
      await writeFile(`${out}.checkpoint`, JSON.stringify({ ...cp, file }));
      const run = await runCli(["--base-url", mock.url, ...args, "--resume"], env);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/damaged \(its data file must be r\.csv or r\.csv\.partial\)/);
      expect(await readFile(notes, "utf8")).toBe("my notes\n");
    }
  });
});
