import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdir, readFile } from "node:fs/promises";
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

/** The processes `pid` started (Linux's procfs). */
const childrenOf = (pid: number) =>
  readFile(`/proc/${pid}/task/${pid}/children`, "utf8").then((s) => s.trim().split(/\s+/));

describe("a script stopped by a signal leaves no temp folder", () => {
  const update = (root: string) => [`${url}/tiktok.openapi.json`, "--root", root, "--no-reports"];
  // [script, signal, its arguments (given the checkout), the folder's prefix, whether it runs a
  //  child of its own]
  it.each<[string, NodeJS.Signals, (root: string) => string[], string, boolean?]>([
    ["spec-update.js", "SIGINT", update, "keyapi-update-"],
    ["spec-update.js", "SIGTERM", update, "keyapi-update-"],
    // The profiled child runs while the parent waits in spawnSync: a terminal's Ctrl-C reaches
    // both (the process group), which is what the group kill below does.
    ["profile.js", "SIGINT", () => ["--loopback", "--calls", "100000000"], "keyapi-profile-", true],
  ])("%s, stopped by %s", async (script, signal, args, prefix, hasChild) => {
    const tmp = await tempDir("signal-tmp");
    const root = await tempRepo();
    const before = await snapshot(root);
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "scripts/dist/cli", script), ...args(root)],
      { env: { ...process.env, TMPDIR: tmp }, detached: true, stdio: "ignore" },
    );
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on("exit", (code, sig) => r([code, sig])),
    );
    const made = async () => (await readdir(tmp)).filter((n) => n.startsWith(prefix));
    await waitUntil(async () => (await made()).length > 0);
    expect(await made()).toHaveLength(1);
    // A signal that came before the child started would wait for it to finish its work.
    if (hasChild) await waitUntil(async () => (await childrenOf(child.pid!))[0] !== "");
    process.kill(-child.pid!, signal);
    expect(await ended).toEqual([null, signal]);
    expect(await readdir(tmp)).toEqual([]);
    expect(await snapshot(root)).toEqual(before);
  });
});
