import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const bin = path.join(path.dirname(require.resolve("verdaccio/package.json")), "bin/verdaccio");

export interface Registry {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real npm registry (Verdaccio) on 127.0.0.1 with its storage in `dir`: offline (no
 * uplinks), anyone may publish `@keyapi-tiktok/*`. Stopped by pid.
 */
export async function startRegistry(dir: string, port: number): Promise<Registry> {
  await mkdir(path.join(dir, "storage"), { recursive: true });
  const config = path.join(dir, "config.yaml");
  await writeFile(
    config,
    [
      `storage: ${path.join(dir, "storage")}`,
      "auth: {}",
      "uplinks: {}",
      "packages:",
      "  '@keyapi-tiktok/*':",
      "    access: $all",
      "    publish: $anonymous",
      "    unpublish: $anonymous",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const child = spawn(
    process.execPath,
    [bin, "--config", config, "--listen", `127.0.0.1:${port}`],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d));
  child.stderr!.on("data", (d: Buffer) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited:\n${log}`);
    if (
      await fetch(`${url}-/ping`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 150) throw new Error(`verdaccio did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
