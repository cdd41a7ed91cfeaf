// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: keyapi.overlay.yaml sha256 aa3333dc9283908baed3ff49d8a5a71ae269f06295a6de8ebf611b0429b10d15

export type * from "./schema.js";
export type * from "./aliases.js";
export * from "./operations.js";
