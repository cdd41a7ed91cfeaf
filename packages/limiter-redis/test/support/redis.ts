import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A real redis-server on 127.0.0.1, no persistence; `kill()` and `start()` again for faults. */
export interface RedisProcess {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no goodbye to clients. */
  kill(): Promise<void>;
}

const INSTALL = "apt-get install -y redis-server (as root; scripts/setup.sh does it)";

/** Fails, never skips, when the machine has no redis-server. */
export function assertRedisInstalled(): void {
  const probe = spawnSync("redis-server", ["--version"]);
  if (probe.error || probe.status !== 0)
    throw new Error(`redis-server is not installed: ${INSTALL}`);
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startRedis(): Promise<RedisProcess> {
  assertRedisInstalled();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    start: () =>
      new Promise((resolve, reject) => {
        const args = [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
        ];
        child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout!.on("data", (d: Buffer) => {
          out += d;
          if (out.includes("Ready to accept connections")) resolve();
        });
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      }),
    kill: () =>
      new Promise((resolve) => {
        if (!child || child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
  await redis.start();
  return redis;
}
