import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));

/**
 * Runs one worker process per product, all on one API key and one Redis limit, and resolves
 * when every one has exited: what each pulled, when, and what it said on stderr.
 */
export function runFleet({ baseUrl, redisUrl, key, products, concurrency = 4, requestsPerSecond }) {
  return Promise.all(
    products.map(
      (product) =>
        new Promise((resolve) => {
          const args = [WORKER, baseUrl, redisUrl, key, product, String(concurrency)];
          if (requestsPerSecond) args.push(String(requestsPerSecond));
          const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (code) => {
            const result = code === 0 ? JSON.parse(stdout) : { product, ids: [] };
            resolve({ ...result, code, stderr });
          });
        }),
    ),
  );
}

/**
 * The fleet's figures against a server allowing `limit` requests a sliding second: accepted
 * requests a second over the fleet's whole run as a share of the limit, and the 429 share.
 */
export function fleetFigures(results, stats, limit) {
  const seconds =
    (Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
  const accepted = stats.byStatus[200] ?? 0;
  const throttled = stats.byStatus[429] ?? 0;
  return {
    seconds,
    share: accepted / seconds / limit,
    throttled,
    throttledShare: throttled / stats.requests,
  };
}
