import { fileURLToPath } from "node:url";
import path from "node:path";

/** The monorepo root, found from this file so scripts work from any cwd. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const paths = {
  spec: path.join(repoRoot, "spec/tiktok.openapi.json"),
  source: path.join(repoRoot, "spec/SOURCE.md"),
  overlays: path.join(repoRoot, "spec/overlays"),
  generated: path.join(repoRoot, "packages/types/src/generated"),
} as const;
