import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mockArgs } from "../src/bin-args.js";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/bin.js");

describe("keyapi-tiktok-mock's command line", () => {
  // [arguments, the options, or the usage line]
  it.each<[string[], object | string]>([
    [[], { host: "127.0.0.1", port: 4010 }],
    [
      ["--port", "0", "--qps", "2.5", "--credits", "0", "--latency-ms", "8", "--seed", "s"],
      { host: "127.0.0.1", port: 0, qps: 2.5, credits: 0, latencyMs: 8, seed: "s" },
    ],
    [["--port", "abc"], '--port must be a whole number from 0 to 65535, got "abc"'],
    [["--port", "70000"], '--port must be a whole number from 0 to 65535, got "70000"'],
    [["--qps=-5"], '--qps must be a number > 0, got "-5"'],
    [["--qps", "-5"], "Option '--qps' argument is ambiguous. Did you forget"],
    [["--qps", "0"], '--qps must be a number > 0, got "0"'],
    [["--credits", "abc"], '--credits must be a whole number ≥ 0, got "abc"'],
    [["--credits", ""], '--credits must be a whole number ≥ 0, got ""'],
    [
      ["--latency-ms", "Infinity"],
      '--latency-ms must be a number of ms from 0 to 2147483647, got "Infinity"',
    ],
    [
      ["--latency-ms", "3000000000"],
      '--latency-ms must be a number of ms from 0 to 2147483647, got "3000000000"',
    ],
    [["--host", ""], "--host needs a host name or address"],
    [["--seed"], "Option '--seed <value>' argument missing"],
    [["--nope"], "Unknown option '--nope'"],
  ])("%j", (argv, expected) => {
    if (typeof expected === "object") expect(mockArgs(argv)).toEqual(expected);
    else expect(() => mockArgs(argv)).toThrow(expected);
  });

  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d));
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });

  it("a bad flag: one line and the usage, exit 2, no stack", async () => {
    const r = await run(["--port", "abc"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toEqual([
      'keyapi-tiktok-mock: --port must be a whole number from 0 to 65535, got "abc"',
      expect.stringMatching(/^usage: keyapi-tiktok-mock /),
      "",
    ]);
  });

  it("a port in use: one line, exit 1, no stack", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const r = await run(["--port", String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `keyapi-tiktok-mock: cannot listen on 127.0.0.1:${port}: the address is in use\n`,
      );
    } finally {
      taken.close();
    }
  });
});
