import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root: the nearest folder above this file holding pnpm-workspace.yaml. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

export const repoRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Where the data flow's files live in a checkout (the tests point this at temp copies). */
export function repoPaths(root: string) {
  return {
    root,
    spec: path.join(root, "spec/tiktok.openapi.json"),
    source: path.join(root, "spec/SOURCE.md"),
    overlays: path.join(root, "spec/overlays"),
    generated: path.join(root, "packages/types/src/generated"),
    changesets: path.join(root, ".changeset"),
  } as const;
}

export const paths = repoPaths(repoRoot);
