import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/validators.ts", "src/spec.ts"],
  format: ["esm", "cjs"],
  dts: true,

  sourcemap: false,
  target: "es2022",
});
