import { placeAlong } from "../docs-site/document-shape.js";

/**
 * Whether the token at index `i` of a path is a name the spec gives (a field in `properties`, a
 * schema in `schemas`, a header…): it sits in a map of names that is itself a keyword. A field
 * named `links` holds keywords again (`properties.links.properties` is a keyword), so one step
 * back is not enough to tell.
 */
const isName = (p: readonly string[], i: number): boolean => placeAlong(p.slice(0, i)).names;

/** Whether keyword `k` sits at index `i` of a path as a keyword, not as a name the spec gives. */
export const keywordAt = (p: readonly string[], i: number, k: string) =>
  p[i] === k && !isName(p, i);

export const hasKeyword = (p: readonly string[], k: string) => p.some((_, i) => keywordAt(p, i, k));
