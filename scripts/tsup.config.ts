import { defineConfig } from "tsup";

// The CLIs run as plain node on a bundle: under a TS loader, importing openapi-typescript
// (and the TypeScript compiler it loads) costs about half a second more per run.
export default defineConfig({
  entry: ["src/cli/*.ts"],
  outDir: "dist/cli",
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
  silent: true,
  skipNodeModulesBundle: true,
});
