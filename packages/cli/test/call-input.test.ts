import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBody } from "../src/commands/call.js";
import { tempDir } from "./support.js";

// What `call` reads from its command line before anything is sent: `--body` and `-q` values.

describe("--body @FILE is read capped, its errors in words", () => {
  it.each<[string, (dir: string) => Promise<string>, unknown]>([
    [
      "inline JSON",
      async () => '{"image_url":"https://x/y.jpg"}',
      { image_url: "https://x/y.jpg" },
    ],
    [
      "a file of JSON",
      async (dir) => {
        await writeFile(path.join(dir, "b.json"), '{"a":[1,2]}\n');
        return `@${path.join(dir, "b.json")}`;
      },
      { a: [1, 2] },
    ],
    [
      "/dev/zero (never ends)",
      async () => "@/dev/zero",
      /^--body file \/dev\/zero is over 1 MB: no request body is$/,
    ],
    [
      "no such file",
      async (dir) => `@${path.join(dir, "none.json")}`,
      /^cannot read --body file .*none\.json: no such file$/,
    ],
    [
      "a folder",
      async (dir) => (await mkdir(path.join(dir, "d")), `@${path.join(dir, "d")}`),
      /^cannot read --body file .*d: it is a folder$/,
    ],
    [
      "not JSON",
      async (dir) => {
        await writeFile(path.join(dir, "b.json"), "{a:1}");
        return `@${path.join(dir, "b.json")}`;
      },
      /^--body is not JSON: /,
    ],
  ])("%s", async (_name, given, want) => {
    const read = readBody(await given(await tempDir()));
    if (want instanceof RegExp) await expect(read).rejects.toThrow(want);
    else expect(await read).toEqual(want);
  });
});
