import { openapiOverlay } from "openapi-format";

export interface OverlayAction {
  target?: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}
export interface OverlayDocument {
  overlay?: string;
  info?: { title?: string };
  actions?: OverlayAction[];
}

/** Thrown when an overlay no longer fits the spec; names every dead action. */
export class OverlayError extends Error {
  override name = "OverlayError";
}

/**
 * Applies one Overlay document with openapi-format's implementation, then fails if any
 * action matched nothing: a silently skipped fix is how a vendor change slips past us.
 */
export async function applyOverlay<T extends object>(
  spec: T,
  overlay: OverlayDocument,
  overlayName: string,
): Promise<T> {
  if (!/^1\.0\.\d+$/.test(String(overlay.overlay ?? ""))) {
    throw new OverlayError(
      `${overlayName}: expected "overlay: 1.0.x", got ${JSON.stringify(overlay.overlay)}`,
    );
  }
  const { data, resultData } = await openapiOverlay(structuredClone(spec), { overlaySet: overlay });
  const dead = resultData.unusedActions as OverlayAction[];
  if (dead.length > 0) {
    const list = dead
      .map((a) => {
        const index = (overlay.actions ?? []).indexOf(a) + 1;
        return `  - action #${index} "${a.description ?? "(no description)"}": target ${a.target} matched nothing`;
      })
      .join("\n");
    throw new OverlayError(
      `${overlayName}: ${dead.length} overlay action(s) did not apply:\n${list}`,
    );
  }
  return data as T;
}
