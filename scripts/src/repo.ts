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

export const paths = {
  spec: path.join(repoRoot, "spec/tiktok.openapi.json"),
  source: path.join(repoRoot, "spec/SOURCE.md"),
  overlays: path.join(repoRoot, "spec/overlays"),
  generated: path.join(repoRoot, "packages/types/src/generated"),
} as const;
