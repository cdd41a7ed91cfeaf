import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/bin.js");
export const KEY = "sk_test_cli_SECRET_9f8e7d";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process; `env` replaces KEYAPI_API_KEY handling per case. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  /** The runtime that runs it (the runtime matrix's Node 22 or 24); this process's by default. */
  node = process.execPath,
): Promise<Run> & { child: ReturnType<typeof spawn> } {
  const { KEYAPI_API_KEY: _, ...base } = process.env;
  const child = spawn(node, [BIN, ...args], {
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d));
  child.stderr!.on("data", (d: Buffer) => (stderr += d));
  const done = new Promise<Run>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return Object.assign(done, { child });
}

export const tempDir = () => mkdtemp(path.join(tmpdir(), "keyapi-cli-"));

/**
 * Sends `signals` to a run in turn, each once the run has said `stopping:` for the one before
 * it: two sent at once may reach it as one.
 */
export async function signalInTurn(
  child: ReturnType<typeof spawn>,
  signals: readonly NodeJS.Signals[],
): Promise<void> {
  let heard = "";
  child.stderr!.on("data", (d: Buffer) => (heard += d));
  for (const [n, signal] of signals.entries()) {
    for (let i = 0; n > 0 && i < 2000 && !heard.includes("stopping:"); i++)
      await new Promise((r) => setTimeout(r, 2));
    child.kill(signal);
  }
}
