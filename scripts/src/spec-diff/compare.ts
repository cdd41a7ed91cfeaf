import type { DeadAction } from "../spec/overlay.js";
import type { SpecVersion } from "../spec/effective.js";
import { bumpFor, diffSpecs, type Bump, type SpecChange } from "./classify.js";

export interface Comparison {
  /**
   * `effective` when the overlays apply to both versions (our bounds and extensions count),
   * else `vendor`: both documents as the vendor wrote them, so the change is still classified.
   */
  compared: "effective" | "vendor";
  changes: SpecChange[];
  bump: Bump;
  /** The overlay actions that match nothing in the head version: fix them before taking it. */
  deadActions: DeadAction[];
}

/** What changed from `base` to `head` for a consumer, and which overlay actions went dead. */
export function compareVersions(base: SpecVersion, head: SpecVersion): Comparison {
  const effective = base.effective && head.effective;
  const changes = effective
    ? diffSpecs(base.effective, head.effective)
    : diffSpecs(base.vendor, head.vendor);
  return {
    compared: effective ? "effective" : "vendor",
    changes,
    bump: bumpFor(changes),
    deadActions: head.dead,
  };
}
