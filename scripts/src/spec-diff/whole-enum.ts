import { followRef, ownValue } from "../json-pointer.js";
import type { Diff } from "./classify.js";
import { keywordAt } from "./keyword.js";

/**
 * The path to the enum keyword when the change is one of its values, added or removed whole
 * (`…/enum/3`), or undefined. A change inside a value (`…/enum/0/b`, an object's field) changes
 * the value, and is not counted as one removed.
 */
function enumOf(d: Diff): string[] | undefined {
  const p = d.path.map(String);
  return keywordAt(p, p.length - 2, "enum") ? p.slice(0, -1) : undefined;
}

/**
 * The changes to enum values that are an enum's as a whole: its first value added where the base
 * had none (api-smart-diff writes an empty enum into its copy there), or every value removed and
 * none added. api-smart-diff reports both as a value's change, at the base's places (a change's
 * path indexes the base's arrays, so the base is read, through its `$ref`s).
 */
export function wholeEnumChanges(diffs: Diff[], base: unknown): Set<Diff> {
  const edits = new Map<string, { removed: number; other: number }>();
  for (const d of diffs) {
    const at = enumOf(d);
    if (!at) continue;
    const key = JSON.stringify(at);
    const edit = edits.get(key) ?? { removed: 0, other: 0 };
    if (d.action === "remove") edit.removed++;
    else edit.other++;
    edits.set(key, edit);
  }
  const whole = new Set<Diff>();
  for (const d of diffs) {
    const at = enumOf(d);
    if (!at || d.action === "replace") continue;
    const values = followRef(
      base,
      at.reduce<unknown>((n, k) => ownValue(followRef(base, n), k), base),
    );
    const had = Array.isArray(values) ? values.length : 0;
    const edit = edits.get(JSON.stringify(at))!;
    if (d.action === "add" ? had === 0 : had > 0 && edit.removed === had && edit.other === 0)
      whole.add(d);
  }
  return whole;
}
