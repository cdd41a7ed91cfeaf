import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { extractOpenApiBlock } from "./docs-page.js";

/** Parses a spec given as JSON, YAML, or a vendor docs page holding a YAML block. */
export function parseDocument(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) return JSON.parse(text);
  const yamlText = /^(`{3,})yaml/m.test(text) ? extractOpenApiBlock(text) : text;
  // maxAliasCount guards against billion-laughs documents from untrusted sources.
  return parseYaml(yamlText, { maxAliasCount: 100 });
}

export async function readDocument(file: string): Promise<unknown> {
  return parseDocument(await readFile(file, "utf8"));
}

/** The canonical vendored form: 2-space JSON with a final newline. */
export function toVendoredJson(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + "\n";
}
