import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";

// vitest.tmpdir.ts gives each run a temp folder, removed after it: what tests and the processes
// they start leave in it never piles up in the machine's /tmp.
it("a test and the processes it starts write temp files into the run's own folder", () => {
  expect(path.basename(tmpdir())).toMatch(/^keyapi-test-run-/);
  const child = execFileSync(process.execPath, ["-p", "require('node:os').tmpdir()"], {
    encoding: "utf8",
  });
  expect(child.trim()).toBe(tmpdir());
});
