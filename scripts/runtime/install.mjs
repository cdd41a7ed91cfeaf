#!/usr/bin/env node
// Set-up step (run by scripts/test-all.sh, outside turbo): installs the runtime matrix's
// binaries from the registry into a git-ignored cache, once. Tests only look them up
// (scripts/runtime/locate.mjs), so no test downloads anything. npm inherits this process's
// environment: NODE_EXTRA_CA_CERTS, proxies and npm_config_registry reach it unchanged.
// Usage: node scripts/runtime/install.mjs [list.json] [cache dir]
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { locate, readRuntimes } from "./locate.mjs";

const [list, cache] = process.argv.slice(2);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
for (const runtime of readRuntimes(list)) {
  const { dir, binary } = locate(runtime, cache);
  if (existsSync(binary)) continue;
  console.log(`installing ${runtime.spec} for the runtime matrix`);
  try {
    execFileSync(
      npm,
      [
        "install",
        "--prefix",
        dir,
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        runtime.spec,
      ],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
  } catch {
    console.error(`runtime matrix: \`npm install ${runtime.spec}\` failed (see npm's error above)`);
    process.exit(1);
  }
  if (!existsSync(binary)) {
    console.error(`runtime matrix: ${runtime.spec} installed but ${binary} is missing`);
    process.exit(1);
  }
}
