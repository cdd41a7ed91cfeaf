import { NAMES } from "../docs-site/document-shape.js";

/**
 * Whether the token at index `i` of a path is a name the spec gives (a field in `properties`, a
 * schema in `schemas`, a header…): it sits in a map of names that is itself a keyword. A field
 * named `links` holds keywords again (`properties.links.properties` is a keyword), so one step
 * back is not enough to tell.
 */
function isName(p: string[], i: number): boolean {
  let name = false;
  for (let j = 1; j <= i; j++) name = NAMES.has(p[j - 1]!) && !name;
  return name;
}

/** Whether keyword `k` sits at index `i` of a path as a keyword, not as a name the spec gives. */
export const keywordAt = (p: string[], i: number, k: string) => p[i] === k && !isName(p, i);

export const hasKeyword = (p: string[], k: string) => p.some((_, i) => keywordAt(p, i, k));
