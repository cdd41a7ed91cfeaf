import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { effectiveSpec } from "@keyapi-tiktok/types/spec";

const require = createRequire(import.meta.url);
const prismBin = path.join(
  path.dirname(require.resolve("@stoplight/prism-cli/package.json")),
  "dist/index.js",
);

export interface Prism {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

let port = 4600 + Math.floor(Math.random() * 300);

/** Starts `prism mock` or `prism proxy` on 127.0.0.1 with the effective spec; stopped by pid. */
export async function startPrism(mode: "mock" | "proxy", upstream?: string): Promise<Prism> {
  const dir = await mkdtemp(path.join(tmpdir(), "keyapi-prism-"));
  const spec = path.join(dir, "effective.openapi.json");
  await writeFile(spec, JSON.stringify(effectiveSpec));
  const p = port++;
  const args = mode === "mock" ? ["mock", spec] : ["proxy", spec, upstream!, "--errors"];
  const child: ChildProcess = spawn(
    process.execPath,
    [prismBin, ...args, "-p", String(p), "-h", "127.0.0.1"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`prism exited with ${code}:\n${log}`)));
  });
  await ready;
  return {
    url: `http://127.0.0.1:${p}`,
    output: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
