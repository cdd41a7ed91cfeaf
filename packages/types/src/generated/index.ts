// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: keyapi.overlay.yaml sha256 14cdee97e976e4e297f82c9e9f46db3097c81296541c97f57b53b0bed1113393

export type * from "./schema.js";
export type * from "./aliases.js";
export * from "./operations.js";
