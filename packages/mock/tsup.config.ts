import { defineConfig } from "tsup";

export default defineConfig([
  { entry: ["src/index.ts", "src/msw.ts"], format: ["esm", "cjs"], dts: true, target: "es2022" },
  { entry: ["src/bin.ts"], format: ["esm"], target: "node18", platform: "node" },
]);
