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

/** One overlay action that matched nothing in the spec. */
export interface DeadAction {
  overlay: string;
  /** 1-based, as a reader counts the actions of the file. */
  index: number;
  description: string;
  target: string | undefined;
}

/**
 * Applies one Overlay document with openapi-format's implementation and reports the actions
 * that matched nothing (the rest are applied).
 */
export async function overlayResult<T extends object>(
  spec: T,
  overlay: OverlayDocument,
  overlayName: string,
): Promise<{ data: T; dead: DeadAction[] }> {
  if (!/^1\.0\.\d+$/.test(String(overlay.overlay ?? ""))) {
    throw new OverlayError(
      `${overlayName}: expected "overlay: 1.0.x", got ${JSON.stringify(overlay.overlay)}`,
    );
  }
  const { data, resultData } = await openapiOverlay(structuredClone(spec), { overlaySet: overlay });
  const dead = (resultData.unusedActions as OverlayAction[]).map((a) => ({
    overlay: overlayName,
    index: (overlay.actions ?? []).indexOf(a) + 1,
    description: a.description ?? "(no description)",
    target: a.target,
  }));
  return { data: data as T, dead };
}

/** `  - keyapi.overlay.yaml action #3 "…": target $.x matched nothing`, one line each. */
export const listDeadActions = (dead: DeadAction[]): string =>
  dead
    .map(
      (a) =>
        `  - ${a.overlay} action #${a.index} "${a.description}": target ${a.target} matched nothing`,
    )
    .join("\n");

/**
 * Applies one Overlay document, then fails if any action matched nothing: a silently skipped
 * fix is how a vendor change slips past us.
 */
export async function applyOverlay<T extends object>(
  spec: T,
  overlay: OverlayDocument,
  overlayName: string,
): Promise<T> {
  const { data, dead } = await overlayResult(spec, overlay, overlayName);
  if (dead.length > 0) {
    throw new OverlayError(
      `${overlayName}: ${dead.length} overlay action(s) did not apply:\n${listDeadActions(dead)}`,
    );
  }
  return data;
}
