// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml sha256 b1e57a5ec64389341deabf24c22babc2701dbebaaca941173ef334f3a78058f3

export type * from "./schema.js";
export type * from "./aliases.js";
export * from "./operations.js";
