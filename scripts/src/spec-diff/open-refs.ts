import {
  isDataKey,
  MOST_DEPTH,
  placeIn,
  ROOT,
  type Place as DocPlace,
} from "../docs-site/document-shape.js";
import { followRef, pointedAt } from "../json-pointer.js";
import { keywordAt } from "./keyword.js";

type Node = Record<string, unknown>;

const isObject = (v: unknown): v is Node => !!v && typeof v === "object" && !Array.isArray(v);
const refOf = (v: unknown) =>
  isObject(v) && typeof v.$ref === "string" && v.$ref.startsWith("#/") ? v.$ref : undefined;

/**
 * The most nodes the walk copies into the two documents. api-smart-diff takes about 0.15 ms a
 * node it compares, and references that fan out (each level used twice, under other names in each
 * version) open to a size that doubles a level: 14 such levels took it 24 s. Past this, what is
 * left is diffed as written.
 */
export const MOST_COPIED = 10_000;

/** How many nodes `value` holds, counted up to `most`. */
function sizeOf(value: unknown, most: number): number {
  let count = 0;
  for (const stack = [value]; stack.length && count <= most; count++) {
    const v = stack.pop();
    if (v && typeof v === "object") stack.push(...Object.values(v));
  }
  return count;
}

/**
 * What may stand beside a `$ref` and still be opened: the annotations a 3.1 Reference Object
 * overrides. Anything else there (`nullable`, `required`: 3.0 ignores them, 3.1 applies them to a
 * schema, our generator ignores them everywhere) is left as written, for the diff to report.
 */
const BESIDE = new Set(["$ref", "description", "summary"]);

/**
 * A `$ref` replaced by a copy of what it points at, with its description or summary; undefined
 * when there is nothing to open, or something else stands beside it.
 */
function opened(doc: unknown, node: Node, budget: { left: number }): Node | undefined {
  const found = pointedAt(doc, node.$ref as string);
  if (!isObject(found) || !Object.keys(node).every((k) => BESIDE.has(k))) return undefined;
  const { $ref: _, ...annotations } = node;
  budget.left -= sizeOf(found, budget.left);
  return budget.left < 0 ? undefined : { ...structuredClone(found), ...annotations };
}

const isBareRef = (v: unknown) => refOf(v) !== undefined && Object.keys(v as Node).length === 1;

const COMBINATORS = new Set(["oneOf", "anyOf", "allOf"]);
/**
 * Inside alternatives or members: api-smart-diff pairs those by content (and merges `allOf`),
 * this walk by place, so a cycle met there may not be the pair the diff compared.
 */
const inCombinator = (path: readonly string[]) =>
  path.some((k, i) => COMBINATORS.has(k) && keywordAt(path, i, k));

/** A Link Object (`…/links/<name>`): its `parameters` and `requestBody` are values, not specs. */
const isLink = (path: readonly string[]) =>
  path.at(-2) === "links" &&
  ((path.length === 3 && path[0] === "components") || path.at(-4) === "responses");

/**
 * A parameter list's entries paired by place and name, as api-smart-diff pairs them; a place and
 * name given twice in one list (invalid) is not paired.
 */
function pairParameters(doc: [unknown, unknown], lists: [unknown[], unknown[]]) {
  const ids = (d: unknown, list: unknown[]) => {
    const named = list.map((p) => {
      const n = followRef(d, p);
      return isObject(n) ? `${String(n.in)} ${String(n.name)}` : undefined;
    });
    return named.map((id) => (named.indexOf(id) === named.lastIndexOf(id) ? id : undefined));
  };
  const [before, after] = [ids(doc[0], lists[0]), ids(doc[1], lists[1])];
  return before.flatMap((id, i) => {
    const j = id === undefined ? -1 : after.indexOf(id);
    return j < 0 ? [] : [[i, j] as const];
  });
}

interface Place {
  /** The objects (or lists) the two nodes sit in, and the nodes' keys there. */
  parents: [Node, Node];
  keys: [string, string];
  /** Where the node sits in the base document (the diff's coordinates). */
  path: readonly string[];
  /** Where the nodes sit, for `isDataKey`. */
  at: DocPlace;
  /** Pairs of references opened on the way here: met again, the two are one cycle. */
  opened: readonly string[];
}

/**
 * Where one version writes a `$ref` and the other the schema inline (or a reference to another
 * name), both are opened in place, in the two documents given (copies: they are changed), so the
 * diff compares what each says rather than how it is written. api-smart-diff reads a reference
 * replaced by an identical inline copy as its `allOf` removed and every keyword added: three or
 * four breaking changes for nothing. Places that write the same reference are left: the diff
 * compares those once, at the component.
 *
 * Returns the places (base paths) where two bare references met again inside their own opening:
 * a recursive schema renamed. Whatever differs between the two was found where they were first
 * opened, so what the diff says under those places is the rename alone. Not inside alternatives
 * (see `inCombinator`). Nothing is opened past {@link MOST_DEPTH} levels (api-smart-diff's time
 * grows with depth: a chain of 1,000 renamed links took it 27 s), nor inside data: examples,
 * defaults, enums, `x-` extensions, links.
 */
export function openRewrittenRefs(base: Node, head: Node): string[][] {
  const docs: [Node, Node] = [base, head];
  const cycles: string[][] = [];
  const stack: Place[] = [
    {
      parents: [{ doc: base }, { doc: head }],
      keys: ["doc", "doc"],
      path: [],
      at: ROOT,
      opened: [],
    },
  ];
  const budget = { left: MOST_COPIED };
  while (stack.length && budget.left > 0) {
    const place = stack.pop()!;
    const {
      parents: [pa, pb],
      keys: [ka, kb],
    } = place;
    const [a, b] = [pa[ka], pb[kb]];
    const [ra, rb] = [refOf(a), refOf(b)];
    if (ra !== rb) {
      // Only two references can cycle: an inline side is finite, and the walk goes down it.
      const pair = ra && rb ? `${ra}\n${rb}` : undefined;
      if (pair && place.opened.includes(pair)) {
        if (isBareRef(a) && isBareRef(b) && !inCombinator(place.path)) cycles.push([...place.path]);
        continue;
      }
      if (place.path.length >= MOST_DEPTH) continue;
      const [oa, ob] = [
        ra ? opened(base, a as Node, budget) : a,
        rb ? opened(head, b as Node, budget) : b,
      ];
      if (oa === undefined || ob === undefined) continue;
      [pa[ka], pb[kb]] = [oa, ob];
      stack.push(pair ? { ...place, opened: [...place.opened, pair] } : place);
      continue;
    }
    // The same reference on both sides is compared at its component.
    if (ra) continue;
    const next = (k: [string, string], key: string) =>
      stack.push({
        parents: [a as Node, b as Node],
        keys: k,
        path: [...place.path, k[0]],
        at: placeIn(place.at, key),
        opened: place.opened,
      });
    if (Array.isArray(a) && Array.isArray(b)) {
      const pairs =
        place.at.key === "parameters"
          ? pairParameters(docs, [a, b])
          : a.slice(0, b.length).map((_, i) => [i, i] as const);
      for (const [i, j] of pairs) next([String(i), String(j)], String(i));
    } else if (isObject(a) && isObject(b) && !isLink(place.path)) {
      for (const k of Object.keys(a))
        if (
          Object.hasOwn(b, k) &&
          (!k.startsWith("x-") || place.at.names) &&
          !isDataKey(k, a[k], place.at)
        )
          next([k, k], k);
    }
  }
  return cycles;
}
