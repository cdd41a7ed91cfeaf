import { PUBLISHED } from "./changeset.js";
import type { Bump } from "../spec-diff/classify.js";

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The bump each package gets from a set of changeset files (the highest one wins). */
export function bumpsIn(changesets: string[]): Map<string, Bump> {
  const bumps = new Map<string, Bump>();
  for (const text of changesets) {
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "";
    for (const m of front.matchAll(/^["']?(@?[^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)) {
      const [pkg, bump] = [m[1]!, m[2] as Bump];
      if (RANK[bump] > RANK[bumps.get(pkg) ?? "none"]) bumps.set(pkg, bump);
    }
  }
  return bumps;
}

/** Packages whose pending changesets fall short of what the spec change requires. */
export function missingBumps(required: Bump, changesets: string[]): string[] {
  if (required === "none") return [];
  const bumps = bumpsIn(changesets);
  return PUBLISHED.filter((p) => RANK[bumps.get(p) ?? "none"] < RANK[required]);
}
