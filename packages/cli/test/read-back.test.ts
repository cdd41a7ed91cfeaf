import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openFailedList } from "../src/export/failed-list.js";
import { readRegular } from "../src/output/read-regular.js";
import { tempDir } from "./support.js";

// A file this run wrote and reads back (a lock, a list of failures) may have been replaced by
// anything since: each is looked at as it is opened, never waited on or read whole.

describe("readRegular: the text of a small regular file, or why not", () => {
  // [what, made at FILE, the text or the error's code]
  it.each<[string, (file: string) => Promise<unknown>, { text: string } | { code: string }]>([
    ["a file", (f) => writeFile(f, "123\nhost\n"), { text: "123\nhost\n" }],
    ["an empty file", (f) => writeFile(f, ""), { text: "" }],
    ["a file at the limit", (f) => writeFile(f, "x".repeat(64)), { text: "x".repeat(64) }],
    ["a file past the limit", (f) => writeFile(f, "x".repeat(65)), { code: "EFBIG" }],
    [
      "a FIFO nothing writes (not waited on)",
      async (f) => execFileSync("mkfifo", [f]),
      { code: "ENOTREG" },
    ],
    ["a folder", (f) => mkdir(f), { code: "EISDIR" }],
    ["nothing", async () => {}, { code: "ENOENT" }],
  ])("%s", async (_what, make, want) => {
    const file = path.join(await tempDir(), "f");
    await make(file);
    if ("text" in want) expect(readRegular(file, 64)).toBe(want.text);
    else expect(() => readRegular(file, 64)).toThrow(expect.objectContaining(want));
  });

  it("a device is no file of ours", () => {
    expect(() => readRegular("/dev/zero", 64)).toThrow(
      expect.objectContaining({ code: "ENOTREG" }),
    );
  });
});

describe("a resumed pull's list of failures, replaced since", () => {
  const open = (file: string, failed: string[]) =>
    openFailedList({
      file,
      resumed: true,
      out: file.replace(/\.failed$/, ""),
      failedIds: new Set(failed),
    });

  it("one of 300 MB is refused in one line, not read (a crash) nor taken as empty", async () => {
    const file = path.join(await tempDir(), "r.ndjson.failed");
    await writeFile(file, "");
    execFileSync("truncate", ["-s", "300M", file]);
    expect(() => open(file, ["a"])).toThrow(
      /^cannot write --out .*r\.ndjson\.failed: it is too large to be read back$/,
    );
  });

  it("a FIFO swapped in after it was opened empty: the next failure is refused, never waited on", async () => {
    const file = path.join(await tempDir(), "r.ndjson.failed");
    const list = open(file, []);
    execFileSync("mkfifo", [file]);
    expect(() => list.add("b", "b\tHTTP 500\n")).toThrow(/r\.ndjson\.failed: nothing reads it/);
  });

  it("its lines for this pull's failures are kept, the rest dropped", async () => {
    const file = path.join(await tempDir(), "r.ndjson.failed");
    await writeFile(file, "a\tHTTP 500\n\nz\tother pull\na\ttwice\n");
    const list = open(file, ["a", "b"]);
    list.close();
    expect(execFileSync("cat", [file], { encoding: "utf8" })).toBe(
      "a\tHTTP 500\nb\tfailed in an earlier run (its line was lost)\n",
    );
  });
});
