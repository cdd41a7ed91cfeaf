import { NAMES } from "../docs-site/document-shape.js";

/**
 * Whether keyword `k` sits at index `i` of a path as a keyword, not as a name the spec gives (a
 * field in `properties`, a schema in `schemas`, a header…).
 */
export const keywordAt = (p: string[], i: number, k: string) => p[i] === k && !NAMES.has(p[i - 1]!);

export const hasKeyword = (p: string[], k: string) => p.some((_, i) => keywordAt(p, i, k));
