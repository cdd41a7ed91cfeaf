import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmod, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { snapshot, tempDir, tempRepo } from "./helpers.js";

// A script stopped by a signal (Ctrl-C in a terminal, a CI runner's SIGTERM) removes its temp
// folder and still dies of the signal. Before, every interrupted spec:update left a
// `keyapi-update-*` folder in /tmp.

/** A server that takes requests and never answers: the script waits with its folder made. */
let silent: Server;
let url: string;
beforeAll(async () => {
  silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(() => {
  silent.closeAllConnections();
  silent.close();
});

/** Polls until `ready()` says yes, or at the bound (then the assertion after it fails). */
async function waitUntil(ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 50));
}

/** spec:update in a process group of its own (a terminal's Ctrl-C reaches the whole group). */
function specUpdate(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, "scripts/dist/cli/spec-update.js"), ...args],
    { env: { ...process.env, ...env }, detached: true, stdio: "ignore" },
  );
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on("exit", (code, sig) => r([code, sig])),
  );
  return { pid: child.pid!, ended };
}

describe("spec:update stopped by a signal while its temp folder is in use", () => {
  it.each<NodeJS.Signals>(["SIGINT", "SIGTERM", "SIGHUP"])(
    "%s: the folder is removed, the process dies of the signal, no file changes",
    async (signal) => {
      const tmp = await tempDir("signal-tmp");
      const root = await tempRepo();
      const before = await snapshot(root);
      const args = [`${url}/tiktok.openapi.json`, "--root", root, "--no-reports"];
      const { pid, ended } = specUpdate(args, { TMPDIR: tmp });
      const made = async () => (await readdir(tmp)).filter((n) => n.startsWith("keyapi-update-"));
      await waitUntil(async () => (await made()).length > 0);
      expect(await made()).toHaveLength(1);
      process.kill(-pid, signal);
      expect(await ended).toEqual([null, signal]);
      expect(await readdir(tmp)).toEqual([]);
      expect(await snapshot(root)).toEqual(before);
    },
  );
});

describe("a signal once the temp folder is gone is the runtime's, as it comes", () => {
  // The listener once stayed after the folder went: a SIGTERM during the rebuild waited for it
  // (and was lost when nothing ran after it: exit 0), and Ctrl-C read as a failed build (exit 1).
  it.each<[NodeJS.Signals, string]>([
    ["SIGTERM", "to spec:update alone"],
    ["SIGINT", "to its process group"],
  ])("%s %s during the rebuild: it dies of it at once", async (signal, to) => {
    const bin = await tempDir("fake-pnpm");
    const marks = await tempDir("fake-pnpm-marks");
    // The rebuild stands in for `pnpm turbo run build`: it says it started, then takes its time.
    await writeFile(
      path.join(bin, "pnpm"),
      `#!/bin/sh\necho "$@" > "${marks}/started"\nsleep 20\necho done > "${marks}/finished"\n`,
    );
    await chmod(path.join(bin, "pnpm"), 0o755);
    const root = await tempRepo(
      path.join(repoRoot, "scripts/fixtures/spec-versions/base.openapi.json"),
    );
    const { pid, ended } = specUpdate(
      [path.join(repoRoot, "scripts/fixtures/spec-versions/additive.openapi.json"), "--root", root],
      { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    );
    const started = path.join(marks, "started");
    await waitUntil(() =>
      readFile(started).then(
        () => true,
        () => false,
      ),
    );
    expect(await readFile(started, "utf8")).toMatch(/^turbo run build/);
    process.kill(to.includes("group") ? -pid : pid, signal);
    expect(await ended).toEqual([null, signal]);
    // It did not wait for the rebuild to end.
    expect(await readdir(marks)).toEqual(["started"]);
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // The group is gone already (Ctrl-C reached the rebuild too).
    }
  });
});
