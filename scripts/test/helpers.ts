import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { sha256 } from "../src/spec/sha256.js";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { writeFile } from "node:fs/promises";
import { generate } from "../src/codegen/generate.js";
import { loadEffectiveSpec } from "../src/spec/effective.js";
import { repoPaths, repoRoot } from "../src/repo.js";

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), `keyapi-${prefix}-`));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and never throws on a non-zero exit: tests assert on it. */
export function run(
  cmd: string,
  args: string[],
  cwd = repoRoot,
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  // INIT_CWD leaks from an outer `pnpm` run and would redirect the CLIs' relative paths.
  const { INIT_CWD: _, ...inherited } = process.env;
  const env = { ...inherited, ...extraEnv };
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs one of our CLIs as `pnpm` does: the bundle built from src/cli (turbo builds it first). */
export function runScript(script: string, args: string[]): Promise<RunResult> {
  const scripts = path.join(repoRoot, "scripts");
  return run(
    process.execPath,
    [path.join(scripts, "dist/cli", script.replace(/\.ts$/, ".js")), ...args],
    scripts,
  );
}

const require = createRequire(import.meta.url);
export const tscBin = path.join(
  path.dirname(require.resolve("typescript/package.json")),
  "bin/tsc",
);

/** Strict tsc over `include` (globs relative to `dir`); resolves to tsc's output, "" when clean. */
export async function typecheckDir(
  dir: string,
  include: string[],
  exclude: string[] = [],
): Promise<string> {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    module: "NodeNext",
    moduleResolution: "NodeNext",
    target: "ES2022",
    skipLibCheck: true,
    resolveJsonModule: true,
  };
  await writeFile(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions, include, exclude }),
  );
  const r = await run(process.execPath, [tscBin, "-p", dir]);
  return r.stdout + r.stderr + (r.code === 0 ? "" : `(tsc exited ${r.code})`);
}

/** What `pnpm generate` makes from a checkout's spec and overlays. */
export async function generateCheckout(paths: ReturnType<typeof repoPaths>) {
  const e = await loadEffectiveSpec(paths.spec, paths.overlays);
  return generate({
    ...e,
    specName: "spec/tiktok.openapi.json",
    pathPrefix: "/v1/tiktok/",
    runtimeExtras: true,
  });
}

/**
 * A temp checkout with what spec:update reads and writes; with `baseSpec`, that file as the
 * vendored spec, so that a test of spec versions does not depend on what is vendored today.
 */
export async function tempRepo(baseSpec?: string): Promise<string> {
  const root = await tempDir("update");
  for (const dir of ["spec", "packages/types/src/generated", ".changeset"]) {
    await cp(path.join(repoRoot, dir), path.join(root, dir), { recursive: true });
  }
  if (baseSpec) {
    await cp(baseSpec, path.join(root, "spec/tiktok.openapi.json"));
    // The costs and pages of the spec it replaces are not this spec's.
    const { creditsOverlay, manifest } = repoPaths(root);
    await rm(creditsOverlay, { force: true });
    await rm(manifest, { force: true });
  }
  return root;
}

export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out[path.relative(root, p)] = sha256(await readFile(p));
    }
  };
  await walk(root);
  return out;
}
