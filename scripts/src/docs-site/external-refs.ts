/** Every key and value of a document, depth first, with an explicit stack (no recursion limit). */
function* entriesOf(doc: unknown): Generator<[string, unknown]> {
  const stack: unknown[] = [doc];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    for (const entry of Object.entries(node)) {
      yield entry;
      stack.push(entry[1]);
    }
  }
}

/**
 * Every `$ref` of a document that points outside it (a URL, a file): a spec is untrusted input,
 * and a tool that follows such a reference fetches from the network or copies a local file's
 * content into the generated code. Only `#/...` references are taken.
 */
export function externalRefs(doc: unknown): string[] {
  const found: string[] = [];
  for (const [key, value] of entriesOf(doc))
    if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) found.push(value);
  return found;
}

/**
 * Whether a document has a key named `__proto__`. `JSON.parse` keeps it as a key, but the tools
 * after it (the diff library, object spreads) set a prototype instead: a field of that name was
 * invisible to spec:diff, and a spec:update took it with no changeset. No API names a field so.
 */
export const hasProtoKey = (doc: unknown): boolean => {
  for (const [key] of entriesOf(doc)) if (key === "__proto__") return true;
  return false;
};
