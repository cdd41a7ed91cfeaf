import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointPath, type PullIdentity } from "../src/export/checkpoint.js";
import { failedListAt, openFailedList } from "../src/export/failed-list.js";
import { openResumable } from "../src/output/resumable.js";
import { nodeFs, type SyncFs } from "../src/output/sync-fs.js";
import { tempDir } from "./support.js";

// A pull of many reruns over a finished one (FILE and FILE.failed from before): its list of
// failures goes beside FILE.partial until the end gives both their names. A crash at any step of
// that end, then the command again with --resume, must leave FILE and FILE.failed of one pull:
// both old or both new, never the new data beside the old list.

const identity: PullIdentity = {
  operation: "GET /v1/x",
  params: { query: {}, path: {}, each: "product_id", ids: "sha" },
  format: "ndjson",
  pageSize: 10,
  source: "mock",
};

class Crash extends Error {}

/** The real file system, crashing at the `at`-th change once armed. */
function faultyFs() {
  let [armed, step, at] = [false, 0, -1];
  const io = { ...nodeFs } as Record<string, unknown>;
  for (const name of ["renameSync", "rmSync", "writeFileSync", "fsyncSync", "closeSync"]) {
    const real = (nodeFs as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    io[name] = (...args: unknown[]) => {
      if (armed && step++ === at) throw new Crash(`crash at step ${at} (${name})`);
      return real(...args);
    };
  }
  return { io: io as unknown as SyncFs, arm: (n: number) => ([armed, step, at] = [true, 0, n]) };
}

describe("the list of failures and the data it names are never parted", () => {
  // [an entity failed in the rerun, the list the rerun leaves]
  it.each([
    [true, "new-bad"],
    [false, "no"],
  ])(
    "a rerun where an entity failed: %s; a crash at each step of its end",
    async (failed, want) => {
      let crashes = 0;
      for (let at = 0; ; at++) {
        const dir = await tempDir();
        const out = path.join(dir, "r.ndjson");
        await writeFile(out, '{"old":1}\n');
        await writeFile(`${out}.failed`, "old-bad\tInvalid\n");
        const fs = faultyFs();
        const r = openResumable(out, identity, false, 1, fs.io);
        // As pull-each does: the list beside FILE.partial, since FILE was there before, named in
        // the checkpoint first.
        r.nameList(`${out}.partial.failed`);
        if (failed) await writeFile(`${out}.partial.failed`, "new-bad\tInvalid\n");
        r.sink.write('{"new":1}\n');
        r.pageDone({ nextPage: 2, records: 1, entities: failed ? [-1, 0] : [0, 0] });
        fs.arm(at);
        try {
          r.complete();
        } catch (e) {
          if (!((e as Error).cause instanceof Crash)) throw e;
          crashes++;
          // The command again, as a retry loop runs it.
          if (existsSync(checkpointPath(out))) {
            const again = openResumable(out, identity, true, 1, nodeFs);
            if (!again.finished) again.complete();
          }
        }
        const data = await readFile(out, "utf8");
        const list = existsSync(`${out}.failed`) ? await readFile(`${out}.failed`, "utf8") : "";
        const pair = `${data.includes("new") ? "new" : "old"} data, ${list.split("\t")[0] || "no"} list`;
        expect(pair, `crash at step ${at}`).toBe(`new data, ${want} list`);
        expect(existsSync(`${out}.partial.failed`), `crash at step ${at}`).toBe(false);
        if (crashes === at) break; // this end ran through: every step has been crashed at
      }
      expect(crashes).toBeGreaterThan(3);
    },
  );
});

describe("where a pull's list of failures goes", () => {
  // [case, FILE there, the checkpoint's entities and list, → list, resumed]
  it.each<[string, boolean, [number[], string] | [number[]] | [] | undefined, string, boolean]>([
    ["a new pull, no FILE", false, [], "r.failed", false],
    ["a new pull over a FILE", true, [], "r.partial.failed", false],
    [
      "resumed, its list beside FILE.partial",
      true,
      [[-1, 3], "r.partial.failed"],
      "r.partial.failed",
      true,
    ],
    [
      "resumed, that list, FILE deleted since",
      false,
      [[-1, 3], "r.partial.failed"],
      "r.partial.failed",
      true,
    ],
    [
      "resumed, its list at FILE.failed, FILE made since",
      true,
      [[-1, 3], "r.failed"],
      "r.failed",
      true,
    ],
    ["an older checkpoint (no list named), a failure", true, [[-1, 3]], "r.failed", true],
    ["an older checkpoint, no failure, over a FILE", true, [[0, 3]], "r.partial.failed", false],
    ["no checkpoint: a device, a pipe", false, undefined, "", false],
  ])("%s → %s", (_case, fileThere, saved, want, resumed) => {
    const dir = "/pulls";
    const out = path.join(dir, "r");
    // Kept at FILE.partial when FILE is there now, as pull-output decides.
    const keptAt = fileThere ? `${out}.partial` : out;
    const resumable = saved && {
      startEntities: saved[0],
      startFailed: saved[1] && path.join(dir, saved[1]),
    };
    expect(failedListAt(out, keptAt, resumable)).toEqual({
      file: want ? path.join(dir, want) : undefined,
      resumed,
    });
  });

  /** A list of `dir` as pull-each opens it (the data `r`). */
  const listIn = (dir: string, file: string, resumed: boolean, failed: string[] = []) =>
    openFailedList({
      file: path.join(dir, file),
      resumed,
      out: path.join(dir, "r"),
      failedIds: new Set(failed),
    });

  it("a resumed list names an entity once, though a kill had it asked again", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "r.failed"), "a\tInvalid\n");
    const list = listIn(dir, "r.failed", true, ["a"]);
    list.started();
    list.add("a", "a\tInvalid\n");
    list.add("b", "b\tInvalid\n");
    list.add("b", "b\tInvalid\n");
    list.close();
    expect(await readFile(path.join(dir, "r.failed"), "utf8")).toBe("a\tInvalid\nb\tInvalid\n");
  });

  // [case, the list before, the entities the checkpoint counts as failed, the list after]
  it.each([
    ["as it was", "a\tInvalid\n", ["a"], "a\tInvalid\n"],
    ["listed before a kill, then came through", "a\tInvalid\nc\tInvalid\n", ["a"], "a\tInvalid\n"],
    ["listed twice", "a\tInvalid\na\tInvalid\n", ["a"], "a\tInvalid\n"],
    ["its line lost", "", ["a"], "a\tfailed in an earlier run (its line was lost)\n"],
  ])("a resumed list names what its checkpoint counts: %s", async (_c, before, failed, after) => {
    const dir = await tempDir();
    if (before) await writeFile(path.join(dir, "r.partial.failed"), before);
    listIn(dir, "r.partial.failed", true, failed).close();
    expect(await readFile(path.join(dir, "r.partial.failed"), "utf8")).toBe(after);
  });

  it("another run's leftover beside FILE.partial goes when a list elsewhere opens", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "r.partial.failed"), "p1\tInvalid\n");
    listIn(dir, "r.failed", true, []).close();
    expect(existsSync(path.join(dir, "r.partial.failed"))).toBe(false);
  });

  it.each([
    ["at the list's name", "r.partial.failed"],
    ["at the name it takes at the end", "r.failed"],
  ])("a folder %s is refused when the list opens, before anything is bought", async (_c, name) => {
    const dir = await tempDir();
    await mkdir(path.join(dir, name, "sub"), { recursive: true });
    expect(() => listIn(dir, "r.partial.failed", false)).toThrow(
      new RegExp(`^cannot write --out .*${name.replace(/\./g, "\\.")}: it is a folder$`),
    );
  });

  it("a resumed list that is a planted link is not written through: one line, the target kept", async () => {
    const dir = await tempDir();
    const victim = path.join(dir, "victim.txt");
    await writeFile(victim, "keep me");
    await symlink(victim, path.join(dir, "r.partial.failed"));
    expect(() => listIn(dir, "r.partial.failed", true, ["a"]).add("a", "a\tInvalid\n")).toThrow(
      /^cannot write --out .*r\.partial\.failed: it is a symlink, which is never written through$/,
    );
    expect(await readFile(victim, "utf8")).toBe("keep me");
  });
});
