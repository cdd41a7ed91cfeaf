import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KEY, runCli, signalInTurn, tempDir } from "./support.js";

// `keyapi-tiktok contract` against loopback servers that drift in each way the issue names. The
// vendored operation's sample is sent; each server answers it its own way.

const OK = {
  code: 0,
  message: "success",
  data: [
    { review_id: "1", rating: 5, product_id: "p", review_timestamp: 1, display_text: "a" },
    { review_id: "2", rating: 4, product_id: "p", review_timestamp: 2, display_text: "b" },
  ],
  requestId: "req-1",
};
const data = (change: (items: Record<string, unknown>[]) => void) => {
  const copy = structuredClone(OK);
  change(copy.data);
  return copy;
};

let server: Server | undefined;
afterEach(() => server?.close());

/** A server answering every request with `status` and `body`; it counts what arrives. */
async function serve(status: number, body: unknown) {
  const seen: { url: string; auth: string | undefined }[] = [];
  server = createServer((req, res) => {
    seen.push({ url: req.url!, auth: req.headers.authorization });
    res.writeHead(status, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const env = { KEYAPI_API_KEY: KEY };
// The reviews operation only: whatever else is vendored, these servers answer as it does.
const ONLY = ["--only", "GET /v1/tiktok/product/reviews/analytics"];

describe("contract: each kind of drift, its exit code, path and JUnit", () => {
  // [case, status, body, extra flags, exit code, a line of the table, the JUnit holds]
  it.each<[string, number, unknown, string[], number, RegExp, RegExp]>([
    [
      "a conforming answer",
      200,
      OK,
      [],
      0,
      /^ok +200 +GET \/v1\/tiktok\/product\/reviews\/analytics$/m,
      /<testcase classname="keyapi-tiktok.contract" name="GET \/v1\/tiktok\/product\/reviews\/analytics" time="[\d.]+"\/>/,
    ],
    [
      "a type changed",
      200,
      data((d) => (d[1]!.rating = "5")),
      [],
      1,
      /breaking +data\[1\]\.rating: expected integer, got string \("5"\)$/m,
      /<failure type="breaking" message="1 breaking difference \(HTTP 200\)">data\[1\]\.rating: expected integer, got string \(&quot;5&quot;\)<\/failure>/,
    ],
    [
      "the envelope without requestId",
      200,
      (({ requestId: _, ...rest }) => rest)(OK),
      [],
      1,
      /breaking +requestId: required field missing$/m,
      /<failure [^>]*>requestId: required field missing<\/failure>/,
    ],
    [
      "data: null on success",
      200,
      { ...OK, data: null },
      [],
      1,
      /breaking +data: null where the spec has none \(null\)$/m,
      /data: null where the spec has none/,
    ],
    [
      "an object where a list is",
      200,
      { ...OK, data: { review_id: "1" } },
      [],
      1,
      /breaking +data: expected array, got object \(an object where a list is\) \(\{"review_id":"1"\}\)$/m,
      /an object where a list is/,
    ],
    [
      "the same drift in every item: one line, counted",
      200,
      data((d) => d.forEach((r) => (r.rating = null))),
      [],
      1,
      /breaking +data\[0\]\.rating: null where the spec has none \(null\) ×2$/m,
      /×2/,
    ],
    [
      "a field the spec does not name: additive, reported, exit 0",
      200,
      data((d) => (d[0]!.helpful_votes = 3)),
      [],
      0,
      /additive +data\[0\]\.helpful_votes: a field the spec does not name \(3\)$/m,
      /<system-out>additive: data\[0\]\.helpful_votes: a field the spec does not name \(3\)<\/system-out>/,
    ],
    [
      "additive drift with --strict: exit 1",
      200,
      data((d) => (d[0]!.helpful_votes = 3)),
      ["--strict"],
      1,
      /^additive +200 +GET/m,
      /<system-out>/,
    ],
    [
      "a success without `data`: the envelope broken",
      200,
      { code: 0, message: "success", requestId: "r" },
      [],
      1,
      /breaking +\(body\): the envelope is broken: response is not the API's envelope: no `data`$/m,
      /the envelope is broken/,
    ],
    [
      "the sample answered 404: the operation changed",
      404,
      { code: 404, message: "no such route", data: null },
      [],
      1,
      /breaking +\(status\): HTTP 404 for the sample, expected a success \("no such route"\)$/m,
      /HTTP 404 for the sample/,
    ],
    [
      "a 401: the key's exit code, never drift",
      401,
      { code: 401, message: "apiKey is invalid", data: null },
      [],
      3,
      /^error +- +GET .*\n +AuthenticationError: apiKey is invalid \(HTTP 401\)/m,
      /<error type="outage" message="AuthenticationError: apiKey is invalid \(HTTP 401\)"\/>/,
    ],
    [
      "a 402: out of credits, the same exit code",
      402,
      { code: 402, message: "apiKey quota is not enough", data: null },
      [],
      3,
      /^error +- +GET /m,
      /<error type="outage"/,
    ],
    [
      "a 500 after the retries: the server's exit code",
      500,
      { code: 500, message: "internal error", data: null },
      [],
      5,
      /InternalServerError: internal error/,
      /<error type="outage" message="[^"]*internal error/,
    ],
  ])("%s", async (_case, status, body, flags, code, tableLine, junit) => {
    const { url, seen } = await serve(status, body);
    const dir = await tempDir();
    const files = ["--junit", path.join(dir, "c.xml"), "--markdown", path.join(dir, "c.md")];
    const run = await runCli(["contract", "--base-url", url, ...ONLY, ...files, ...flags], env);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stdout).toMatch(tableLine);
    expect(run.stderr).toMatch(
      /^contract: 1 operation to check for at most 1 credit; 0 not checked$/m,
    );
    const xml = await readFile(path.join(dir, "c.xml"), "utf8");
    expect(xml).toMatch(junit);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    // The sample of spec/contract-samples.json was sent, with the key.
    expect(seen[0]!.url).toBe(
      "/v1/tiktok/product/reviews/analytics?product_id=1729471493154312768&page_num=1&page_size=10",
    );
    expect(seen[0]!.auth).toBe(`Bearer ${KEY}`);
    for (const text of [run.stdout, run.stderr, xml]) expect(text).not.toContain(KEY);
  });
});

describe("contract: what is not checked, and a budget", () => {
  it.each<[string, string[], RegExp]>([
    [
      "a zero budget",
      ["--max-credits", "0"],
      /over --max-credits 0 \(costs \d+, 0 already planned\)/,
    ],
    ["no operation matches --only", ["--only", "/nothing"], /^0 checked: .* 0 not checked/m],
  ])("%s: nothing sent, exit 2, said so", async (_case, flags, said) => {
    const { url, seen } = await serve(200, OK);
    const dir = await tempDir();
    const xml = path.join(dir, "c.xml");
    const run = await runCli(["contract", "--base-url", url, "--junit", xml, ...flags], env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(said);
    expect(run.stderr).toMatch(/nothing was checked/);
    expect(seen).toHaveLength(0);
    expect(await readFile(xml, "utf8")).toMatch(/tests="\d+" failures="0" errors="0"/);
  });

  it("--max-credits is a whole number; a bad one is a usage error before anything is sent", async () => {
    const { url, seen } = await serve(200, OK);
    const run = await runCli(["contract", "--base-url", url, "--max-credits", "-1"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--max-credits must be a whole number/);
    expect(seen).toHaveLength(0);
  });
});

describe("contract: data from the API is untrusted in every report", () => {
  it("terminal escapes are inert on the terminal; the JUnit stays well-formed XML; markdown cells hold", async () => {
    const hostile = "\u001b]0;pwned\u0007</failure><x>|`\u0000\nline";
    const { url } = await serve(
      200,
      data((d) => (d[0]!.rating = hostile)),
    );
    const dir = await tempDir();
    const [xmlFile, mdFile] = [path.join(dir, "c.xml"), path.join(dir, "c.md")];
    const run = await runCli(
      ["contract", "--base-url", url, ...ONLY, "--junit", xmlFile, "--markdown", mdFile],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const xml = await readFile(xmlFile, "utf8");
    expect(xml).not.toContain("</failure><x>");
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const md = await readFile(mdFile, "utf8");
    const row = md.split("\n").find((l) => l.includes("rating"))!;
    // One row, five pipes: nothing the API said opened a cell or a line.
    expect(row.match(/\|/g)).toHaveLength(5);
    expect(row).not.toMatch(/<x>|`/);
  });
});

describe("contract: a signal while a check is in flight", () => {
  // [signals, exit code, the check's line in the table, whether the run was interrupted]
  it.each<[NodeJS.Signals[], number, RegExp, boolean]>([
    // The first lets the check in flight finish: the run is whole.
    [["SIGINT"], 0, /^ok +200 +GET /m, false],
    // The second cancels it: said as not reached, and the run as interrupted.
    [["SIGINT", "SIGINT"], 130, /^skipped +- +GET /m, true],
    [["SIGTERM", "SIGTERM"], 143, /^skipped +- +GET /m, true],
  ])("%j: exit %i, the table and the JUnit written", async (signals, code, line, interrupted) => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(req.url!);
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(OK));
      }, 1_000);
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = await tempDir();
    const junit = path.join(dir, "c.xml");
    const run = runCli(["contract", "--base-url", url, ...ONLY, "--junit", junit], env);
    for (let i = 0; i < 2000 && !seen.length; i++) await new Promise((r) => setTimeout(r, 2));
    await signalInTurn(run.child, signals);
    const ended = await run;
    expect(ended.code, ended.stderr).toBe(code);
    expect(ended.stderr).toMatch(/^stopping: the checks in flight are finishing/m);
    expect(ended.stdout).toMatch(line);
    const xml = await readFile(junit, "utf8");
    expect(xml).toMatch(/failures="0" errors="0"/);
    // The check was sent: cancelled in flight, not "not reached".
    const cancelled =
      /<skipped message="cancelled in flight \(it may have been charged\): the run was interrupted"\/>/;
    expect(cancelled.test(xml)).toBe(interrupted);
    expect(
      /^interrupted: the table and the reports hold the checks made$/m.test(ended.stderr),
    ).toBe(interrupted);
    expect(seen).toHaveLength(1);
  });
});

describe("contract: --mock, the embedded mock API", () => {
  it("every operation with a usable sample conforms: exit 0, no key needed", async () => {
    const run = await runCli(["contract", "--mock"], {});
    expect(run.code, run.stdout).toBe(0);
    const [, checked, ok] = /^(\d+) checked: (\d+) ok, 0 with breaking drift/m.exec(run.stdout)!;
    expect(Number(checked)).toBeGreaterThan(0);
    expect(ok).toBe(checked);
  });
});

describe("contract: what a hostile or broken server does to a run", () => {
  it("a body cut off after its headers, every time: the server's exit code after the retries, never 'credits'", async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(req.url!);
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"code":0,"message":"success","data":[');
      setTimeout(() => res.destroy(), 20);
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCli(["contract", "--base-url", url, ...ONLY], env);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).not.toMatch(/max-credits|CreditBudget/);
    expect(seen.length).toBeGreaterThan(1); // retried
  });

  it("a value nested 100,000 levels deep: a breaking finding, not a crash", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const body = JSON.stringify(OK).replace('"rating":5', `"rating":${deep}`);
    const { url } = await serve(200, body);
    const run = await runCli(["contract", "--base-url", url, ...ONLY], env);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(
      /data\[0\]\.rating: expected integer, got array \(\(a list nested too deep to show\)\)/,
    );
  });

  it("130,000 items with the same extra field: one finding, counted", async () => {
    const items = Array.from({ length: 130_000 }, (_, i) => ({
      ...OK.data[0],
      review_id: String(i),
      x: 1,
    }));
    const { url } = await serve(200, { ...OK, data: items });
    const run = await runCli(["contract", "--base-url", url, ...ONLY], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /additive +data\[0\]\.x: a field the spec does not name \(1\) ×130000$/m,
    );
  });
});

describe("contract: options that would lose a report or check the wrong thing", () => {
  it.each<[string, (dir: string) => string[], RegExp]>([
    ["an empty --junit", () => ["--junit", ""], /--junit needs a file path/],
    ["an empty --markdown", () => ["--markdown", " "], /--markdown needs a file path/],
    ["an empty --only", () => ["--only", ""], /--only needs a non-empty text/],
    // The table is on stdout: - for a report would mix the two.
    ["--junit -", () => ["--junit", "-"], /--junit -: a report goes to a file \(\.\/- for a file/],
    ["--markdown -", () => ["--markdown", "-"], /--markdown -: a report goes to a file/],
    [
      "one file for both reports",
      (dir) => ["--junit", path.join(dir, "r"), "--markdown", `${dir}/./r`],
      /--junit and --markdown name the same file/,
    ],
  ])("%s: exit 2, nothing sent", async (_case, flags, message) => {
    const { url, seen } = await serve(200, OK);
    const run = await runCli(["contract", "--base-url", url, ...flags(await tempDir())], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it("--only that matches nothing says so", async () => {
    const { url } = await serve(200, OK);
    const run = await runCli(["contract", "--base-url", url, "--only", "/nowhere"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nothing was checked \(no operation matches --only \/nowhere\)/);
  });

  it("no key: exit 3, and the JUnit still says why", async () => {
    const { url, seen } = await serve(200, OK);
    const xml = path.join(await tempDir(), "c.xml");
    const run = await runCli(
      ["contract", "--base-url", "https://api.keyapi.ai", ...ONLY, "--junit", xml],
      {},
    );
    expect(run.code).toBe(3);
    expect(await readFile(xml, "utf8")).toMatch(
      /<error type="outage" message="AuthenticationError: No API key/,
    );
    expect(seen).toHaveLength(0);
    void url;
  });

  it("a report that cannot be written: the other is still written, exit 6, said once", async () => {
    const { url } = await serve(200, OK);
    const md = path.join(await tempDir(), "c.md");
    const run = await runCli(
      ["contract", "--base-url", url, ...ONLY, "--junit", "/dev/full", "--markdown", md],
      env,
    );
    expect(run.code).toBe(6);
    expect(run.stderr.match(/^keyapi-tiktok: /gm)).toHaveLength(1);
    expect(run.stderr).toMatch(/cannot write --junit \/dev\/full: the disk is full/);
    expect(await readFile(md, "utf8")).toMatch(/GET \/v1\/tiktok\/product\/reviews\/analytics/);
  });

  it("a report to a FIFO nobody reads: a second Ctrl-C still ends the run", async () => {
    const { url } = await serve(200, OK);
    const fifo = path.join(await tempDir(), "junit.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const run = runCli(["contract", "--base-url", url, ...ONLY, "--junit", fifo], env);
    let stdout = "";
    run.child.stdout!.on("data", (d: Buffer) => (stdout += d));
    // The table is printed, then the report waits for a reader.
    for (let i = 0; i < 4000 && !/\d+ checked: /.test(stdout); i++)
      await new Promise((r) => setTimeout(r, 5));
    run.child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill("SIGINT");
    // Never a hang: were the process still there after 20 s, it is killed (code null).
    const killer = setTimeout(() => run.child.kill("SIGKILL"), 20_000);
    const ended = await run;
    clearTimeout(killer);
    // Ended by the signal itself (the shell's 130): process.exit would wait on the open.
    expect([ended.code, run.child.signalCode]).toEqual([null, "SIGINT"]);
  });

  it("an outage and a report that cannot be written: the outage's code, both said", async () => {
    const { url } = await serve(500, { code: 500, message: "down", data: null });
    // A missing folder is refused before anything is bought: /dev/full fails only at the write.
    const run = await runCli(
      ["contract", "--base-url", url, ...ONLY, "--markdown", "/dev/full"],
      env,
    );
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/InternalServerError: down/);
    expect(run.stderr).toMatch(/cannot write --markdown \/dev\/full: the disk is full/);
  });
});
