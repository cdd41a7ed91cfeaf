import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { writeAtomic } from "../src/write-atomic.js";
import { tempDir } from "./helpers.js";

// No process has this id (Linux's pid_max is at most 2^22): a writer killed long ago.
const DEAD = 99_999_999;

// [file beside spec.json, removed once spec.json is written whole again]
it.each<[string, boolean]>([
  [`spec.json.${DEAD}-0badcafe.tmp`, true],
  // A writer still running, before its rename: its file is its own.
  [`spec.json.${process.pid}-0badcafe.tmp`, false],
  // The temp file of `spec.json.x`, another file.
  [`spec.json.x.${DEAD}-0badcafe.tmp`, false],
  [`spec.json.${DEAD}-nothex12.tmp`, false],
  ["notes.tmp", false],
])("writeAtomic(spec.json) beside %s: removed %s", async (name, removed) => {
  const dir = await tempDir("atomic");
  await writeFile(path.join(dir, name), "half");
  await writeAtomic(path.join(dir, "spec.json"), "{}");
  expect(await readFile(path.join(dir, "spec.json"), "utf8")).toBe("{}");
  expect((await readdir(dir)).sort()).toEqual(removed ? ["spec.json"] : [name, "spec.json"].sort());
});
