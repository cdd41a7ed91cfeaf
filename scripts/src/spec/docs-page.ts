/**
 * The vendor publishes its spec only inside a docs page, as a fenced YAML block under
 * "## OpenAPI". We take that block verbatim so the vendored file is the vendor's, not ours.
 */
export function extractOpenApiBlock(page: string): string {
  const match = /^(`{3,})yaml[^\n]*\n([\s\S]*?)^\1\s*$/m.exec(page);
  if (!match?.[2]) {
    throw new Error("no ```yaml OpenAPI block found in the documentation page");
  }
  return match[2];
}
