import { validateParams } from "@keyapi-tiktok/types";
import { UsageError } from "../exit-codes.js";
import { operationOf } from "./operation.js";

/**
 * Refuses the positions a checkpoint keeps (`cursor`, `cursors`) that the operation's cursor
 * parameter would refuse (`"20"` for an integer offset: a hand edit). Said as the checkpoint's
 * damage before anything is sent: as the client's refusal of a parameter it read as the command
 * line's mistake, and every `--resume` after met it again.
 */
export function refuseBadPositions(
  out: string,
  path: string,
  method: string,
  positions: unknown[],
): void {
  const op = operationOf(path, method);
  const walk = op.pagination;
  if (walk?.style !== "cursor") return;
  for (const value of positions) {
    const issue = validateParams(op.params, {
      query: { [walk.cursorParam]: value },
      path: {},
    }).find((i) => i.param === walk.cursorParam);
    if (issue)
      throw new UsageError(
        `the checkpoint of ${out} is damaged (a position it keeps: ${issue.message}): delete it and its data to start over`,
      );
  }
}
