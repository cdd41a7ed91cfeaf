// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml, contract-samples.json sha256 a48e48f57c74dafecd642ef3948c6df781d67d41d0b026bed4d3bb1957f92067

export type * from "./schema.js";
export type * from "./aliases.js";
export * from "./operations.js";
