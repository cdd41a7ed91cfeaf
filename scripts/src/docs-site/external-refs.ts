/**
 * Every `$ref` of a document that points outside it (a URL, a file): a spec is untrusted input,
 * and a tool that follows such a reference fetches from the network or copies a local file's
 * content into the generated code. Only `#/...` references are taken.
 */
export function externalRefs(doc: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [doc];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) found.push(value);
      else stack.push(value);
    }
  }
  return found;
}
