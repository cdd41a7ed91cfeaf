// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml, contract-samples.json sha256 4a786014a56a403f92e63c3e4b5a1c12620ca35f1c093b1fa276ffae5f812b65

export type * from "./schema.js";
export type * from "./aliases.js";
export * from "./operations.js";
