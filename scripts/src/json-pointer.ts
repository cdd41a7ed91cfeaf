/** A key as one token of a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`. */
export const pointerToken = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The key one token of a `$ref`'s pointer names: percent-decoded (a `$ref` is a URI fragment),
 * then `~1` and `~0` read back. Throws a URIError on broken percent-encoding.
 */
export const keyOfToken = (token: string): string =>
  decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");

/** `node[key]` where `node` is an object that has it as its own key (`__proto__` is nothing). */
export const ownValue = (node: unknown, key: string): unknown =>
  node && typeof node === "object" && Object.hasOwn(node, key)
    ? (node as Record<string, unknown>)[key]
    : undefined;

/**
 * What a local `$ref` (`#/a/b`) points at in `doc`: own keys only (`#/…/__proto__` is nothing);
 * undefined where it points at nothing or its percent-encoding is broken.
 */
export function pointedAt(doc: unknown, ref: string): unknown {
  try {
    return ref.slice(2).split("/").map(keyOfToken).reduce(ownValue, doc);
  } catch {
    return undefined; // broken percent-encoding points at nothing
  }
}

/** `node`, or where its chain of local `$ref`s leads (32 hops at most: a cycle stops there). */
export function followRef(doc: unknown, node: unknown): unknown {
  for (let hops = 0; hops < 32; hops++) {
    const ref = (node as { $ref?: unknown } | null | undefined)?.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
    node = pointedAt(doc, ref);
  }
  return node;
}
