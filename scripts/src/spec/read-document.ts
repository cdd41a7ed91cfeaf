import { readFile, stat } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { whyNotOpenApi3, whyNotOpenApiDocument } from "./check-document.js";
import { extractOpenApiBlock } from "./docs-page.js";
import { whyNotDocumentShape } from "../docs-site/document-shape.js";

/** Parses a spec given as JSON, YAML, or a vendor docs page holding a YAML block. */
export function parseDocument(raw: string): unknown {
  // A byte-order mark (editors on Windows write one) is not part of the document.
  const text = raw.replace(/^\uFEFF/, "");
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

/**
 * A spec file read and parsed, failing with one sentence naming it when it is no OpenAPI
 * 3.0/3.1 document: what the generator takes (any such document, from anyone).
 */
export async function readOpenApiFile(
  file: string,
  label = file,
): Promise<{ text: string; doc: unknown }> {
  // A named pipe or a device would block the read, or never end.
  if (!(await stat(file)).isFile()) throw new SpecInputError(`${label} is not a regular file`);
  const text = await readFile(file, "utf8");
  let doc: unknown;
  try {
    doc = parseDocument(text);
  } catch (error) {
    const first = String((error as Error).message).split("\n")[0];
    throw new SpecInputError(`${label} is not JSON or YAML: ${first}`);
  }
  const why = whyNotOpenApiDocument(doc);
  if (why) throw new SpecInputError(`${label} is not an OpenAPI 3.0/3.1 document: ${why}`);
  return { text, doc };
}

/**
 * A vendor's spec file (untrusted input): read as `readOpenApiFile` reads it, then held to what
 * a spec we take must be, failing with one sentence naming it.
 */
export async function readSpecFile(file: string, label = file): Promise<unknown> {
  const { doc } = await readOpenApiFile(file, label);
  const why = whyNotOpenApi3(doc);
  if (why) throw new SpecInputError(`${label} is not an OpenAPI 3.0/3.1 document: ${why}`);
  // Untrusted input: refused before any tool can follow a reference or overflow on it.
  const shape = whyNotDocumentShape(doc);
  if (shape) throw new SpecInputError(`${label} has ${shape}`);
  return doc;
}

/** The input is not a spec we can take; its message is one sentence for the user. */
export class SpecInputError extends Error {
  override name = "SpecInputError";
}
