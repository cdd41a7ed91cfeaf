import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

const INSTALL = "apt-get install -y redis-server (as root; scripts/system-deps.sh does it)";

/** Fails, never skips, when the machine has no redis-server. */
export function assertRedisInstalled() {
  const probe = spawnSync("redis-server", ["--version"]);
  if (probe.error || probe.status !== 0)
    throw new Error(`redis-server is not installed: ${INSTALL}`);
}

/** A port nothing listens on right now. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** A real redis-server on 127.0.0.1 and a free port, no persistence; kill() and start() again for faults. */
export async function startRedis() {
  assertRedisInstalled();
  const port = await freePort();
  let child;
  const redis = {
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
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("Ready to accept connections")) resolve();
        });
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      }),
    // SIGKILL: no shutdown, no goodbye to clients.
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
