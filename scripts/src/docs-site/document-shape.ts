import { keyOfToken, pointedAt, pointerToken } from "../json-pointer.js";
import { printableCut } from "../printable.js";

/**
 * The deepest a document may nest: Redocly's parser refuses more (its `maxDepth` of 100), and
 * `JSON.stringify` ran out of stack on 5,000 levels, before any tool could say where.
 */
export const MOST_DEPTH = 100;
/**
 * The longest chain of `$ref`s that point at `$ref`s: Redocly's lint ran out of stack on 3,000
 * (8 s on 1,000); a spec holds two or three.
 */
export const MOST_REF_CHAIN = 32;

/** A node met on the walk, and how to name where it is (built only for a message). */
interface Visit {
  node: unknown;
  depth: number;
  parent: Visit | undefined;
  place: Place;
  /** Inside an example, a default, a `const` or an `enum`: values, not the document's own. */
  data: boolean;
}

const DATA = new Set(["example", "default", "const", "enum"]);

/**
 * Where a node sits in the document, as far as telling data and names from keywords needs: its
 * key, whether it is a map of names (see {@link NAMES}), and its parent's key.
 */
export interface Place {
  key: string;
  names: boolean;
  parentKey: string | undefined;
  /** Whether the parent is a map of names (an Example Object's, `examples`). */
  parentNames?: boolean;
}

/** The document's root, or a schema walked on its own. */
export const ROOT: Place = { key: "", names: false, parentKey: undefined };

/**
 * The place of the node under `key` in a node at `at`. A key of {@link NAMES} holds names only
 * where it is a keyword: a field named `links` or `properties` holds a schema, whose own
 * `properties` holds names again.
 */
export const placeIn = (at: Place, key: string): Place => ({
  key,
  // A Callback Object, a callback's name in `callbacks`, is a map of expressions.
  names: at.names ? at.key === "callbacks" : NAMES.has(key),
  parentKey: at.key,
  parentNames: at.names,
});

/** The place of the node a path of keys (decoded, from the root) leads to. */
export const placeAlong = (keys: readonly string[]): Place => keys.reduce(placeIn, ROOT);

/**
 * Whether the value under `key`, in a node at `at`, is data: an example (`example`, a schema's
 * `examples` list, an Example Object's `value`), a default, a `const` or an `enum`. A `$ref` there
 * is a value (GitHub's SCIM examples hold some), not a reference any tool follows. Not in a map of
 * names: a property named `default` or `enum` is a schema.
 */
export const isDataKey = (key: string, value: unknown, at: Place) =>
  !at.names &&
  (DATA.has(key) ||
    (key === "examples" && Array.isArray(value)) ||
    // An Example Object's, in a map named `examples` (not in a schema a property so named holds).
    (key === "value" && at.parentKey === "examples" && at.parentNames === true));

/**
 * Objects whose keys are names the spec gives, not keywords: a property named `default` or
 * `example` holds a schema, and was skipped whole (a `$ref` to a local file in it was inlined into
 * the generated types by the bundler).
 */
export const NAMES = new Set([
  "paths",
  "webhooks",
  "content",
  "encoding",
  "properties",
  "patternProperties",
  "schemas",
  "$defs",
  "definitions",
  "dependentSchemas",
  "dependencies",
  "mapping",
  "parameters",
  "responses",
  "headers",
  "examples",
  "requestBodies",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
  "variables",
]);

/** A discriminator's `mapping` (not a field so named). */
const isMapping = (key: string, visit: Visit) =>
  key === "mapping" && visit.place.key === "discriminator" && !visit.parent?.place.names;

/**
 * The values of a discriminator's mapping that are references, not a schema's name: those a
 * bundler follows (Redocly reads a value with a `/`, or one starting `#`, `./` or `../`, as a
 * `$ref`).
 */
const mappingRefs = (mapping: unknown): string[] =>
  Object.values(mapping && typeof mapping === "object" ? mapping : {}).filter(
    (to): to is string => typeof to === "string" && (to.startsWith("#") || to.includes("/")),
  );

/** Text of the document in a message: control characters escaped, line feeds too, and cut. */
const shown = (text: string) => printableCut(text, 200);

const pointerOf = (v: Visit): string => {
  const keys: string[] = [];
  for (let at: Visit | undefined = v; at?.parent; at = at.parent)
    keys.push(pointerToken(at.place.key));
  return shown(`/${keys.reverse().join("/")}`);
};

function decodes(ref: string): boolean {
  try {
    ref.slice(2).split("/").forEach(keyOfToken);
    return true;
  } catch {
    return false;
  }
}

/** How many `$ref`s are followed from `ref` to a node that is none (counted up to `most + 1`). */
function chainLength(doc: unknown, ref: string, most: number): number {
  let n = 1;
  for (let node = pointedAt(doc, ref); n <= most; n++) {
    const next = (node as { $ref?: unknown } | undefined)?.$ref;
    if (typeof next !== "string" || !next.startsWith("#/")) break;
    node = pointedAt(doc, next);
  }
  return n;
}

/**
 * Why a document (untrusted input) is refused before any tool reads it, if it is, as a phrase
 * that follows "has": a key `__proto__` (JSON.parse keeps it as a key, but the diff library and
 * object spreads set a prototype instead: a field so named was invisible to spec:diff, and a
 * spec:update took it with no changeset); a `$ref` to a URL or a file (a tool that follows it
 * fetches from the network or copies a local file into the generated code; only `#/...` is
 * taken) or one whose pointer is broken percent-encoding; nesting deeper than
 * {@link MOST_DEPTH}; a chain of more than {@link MOST_REF_CHAIN} `$ref`s. One walk, with an explicit stack (no recursion limit).
 */
export function whyNotDocumentShape(doc: unknown): string | undefined {
  const refs = new Set<string>();
  const stack: Visit[] = [{ node: doc, depth: 0, parent: undefined, place: ROOT, data: false }];
  while (stack.length) {
    const visit = stack.pop()!;
    const { node, depth, data } = visit;
    // Counted as Redocly's parser counts (measured against its lint): a value as deep as an
    // object, the document's own fields at 2.
    if (depth + 2 > MOST_DEPTH)
      return `nesting deeper than ${MOST_DEPTH} levels (at ${pointerOf(visit)}): refused`;
    if (!node || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === "__proto__") return `a key named "__proto__": refused, no tool here can see it`;
      if (key === "$ref" && typeof value === "string" && !data) {
        if (!value.startsWith("#"))
          return `a $ref that points outside the document (${shown(value)}): refused, not followed`;
        if (value.startsWith("#/")) refs.add(value);
      }
      const mapped = !data && isMapping(key, visit) ? mappingRefs(value) : [];
      for (const to of mapped) {
        if (!to.startsWith("#"))
          return `a discriminator mapping that points outside the document (${shown(to)}): refused, not followed`;
        if (to.startsWith("#/")) refs.add(to);
      }
      const isData = data || isDataKey(key, value, visit.place);
      const place = placeIn(visit.place, key);
      stack.push({ node: value, depth: depth + 1, parent: visit, place, data: isData });
    }
  }
  for (const ref of refs) {
    // A pointer that does not decode: api-smart-diff throws `URI malformed` on it, naming nothing.
    if (!decodes(ref)) return `a $ref that is not valid percent-encoding (${shown(ref)}): refused`;
    if (chainLength(doc, ref, MOST_REF_CHAIN) > MOST_REF_CHAIN)
      return `a chain of more than ${MOST_REF_CHAIN} $refs, one pointing at the next (from ${shown(ref)}): refused`;
  }
  return undefined;
}
