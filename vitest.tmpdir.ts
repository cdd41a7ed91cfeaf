import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Every package's global setup: the run (its workers, and every process a test starts) gets a
 * temp folder of its own as `TMPDIR`, removed when the run ends. Tests make temp folders freely
 * (a checkout to update, a file to export into) and never removed them: 7,200 `keyapi-cli-*`
 * folders had piled up in one machine's /tmp. The run's outer `TMPDIR` comes back after it.
 */
export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), "keyapi-test-run-"));
  process.env.TMPDIR = dir;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    // A browser or a server a test started may still be closing its files.
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
}
