import { execFileSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

const INSTALL = "apt-get install -y chromium (as root; scripts/system-deps.sh does it)";

/** Debian's chromium, headless; fails (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  let executablePath: string;
  try {
    executablePath = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(`chromium is not installed: ${INSTALL}`);
  }
  // --no-sandbox: the tests run as root in CI, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, args: ["--no-sandbox"] });
}
