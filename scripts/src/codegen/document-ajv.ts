import { Ajv, type Options } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { isDataKey, placeIn, ROOT, type Place } from "../docs-site/document-shape.js";
import type { Json } from "./openapi-model.js";
import { toJsonSchema } from "./schema-dialect.js";

/** The id the document is added under, for a schema's `$ref`s to reach. */
const DOC = "keyapi:doc";

/**
 * A schema's local `$ref`s pointed into the added document; data (examples, enums) left as is,
 * but not a property so named. In 3.0 a `$ref`'s siblings are ignored (JSON Schema 2020-12, 3.1's
 * dialect, applies them). A `oneOf` with a `discriminator` is read as an object that is one of
 * its alternatives: the tag picks one, so alternatives that look alike are no error (Ajv's own
 * `discriminator` refuses a `mapping` or untagged alternatives, and lets non-objects through).
 */
function rebased(schema: unknown, openapi30: boolean, at: Place = ROOT): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebased(s, openapi30, at));
  if (!schema || typeof schema !== "object") return schema;
  const { $ref: ref } = schema as Json;
  const isRef = !at.names && typeof ref === "string" && ref.startsWith("#/");
  if (openapi30 && isRef) return { $ref: DOC + ref };
  const out = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === "$ref" && isRef
        ? DOC + ref
        : isDataKey(k, v, at)
          ? v
          : rebased(v, openapi30, placeIn(at, k)),
    ]),
  ) as Json;
  if (out.discriminator && Array.isArray(out.oneOf) && !at.names) {
    out.anyOf = out.oneOf;
    delete out.oneOf;
    out.type ??= "object";
  }
  return out;
}

/** An Ajv that reaches a document's schemas, and how to write one of them for it. */
export interface DocumentAjv {
  ajv: Ajv;
  /**
   * The schema as Ajv checks it: in the document's JSON Schema dialect, its `$ref`s pointing
   * into the document Ajv holds. Throws on a schema nested past the stack.
   */
  prepare: (schema: unknown) => object;
}

/**
 * Ajv in the document's dialect (3.0 rewritten as draft-07 by `toJsonSchema`, 3.1 as 2020-12),
 * holding the whole document so that a schema's `$ref`s are followed by Ajv itself: a recursive
 * schema is checked to any depth, and a much-shared one is compiled once (inlining every path
 * through 24 components that use each other took a minute and wrote 143 MB). Unknown keywords
 * (`example`, `discriminator`, vendor extensions) are annotations; formats are not checked.
 */
export function documentAjv(doc: Json, options: Options = {}): DocumentAjv {
  const openapi30 = String(doc.openapi ?? "").startsWith("3.0");
  const all: Options = {
    strict: false,
    validateSchema: false,
    validateFormats: false,
    logger: false,
    ...options,
  };
  const ajv = openapi30 ? new Ajv(all) : new Ajv2020(all);
  const {
    $id: _,
    $schema: __,
    ...whole
  } = rebased(toJsonSchema(doc, openapi30), openapi30) as Json;
  ajv.addSchema({ ...whole, $id: DOC });
  return {
    ajv,
    prepare: (schema) => toJsonSchema(rebased(schema ?? {}, openapi30), openapi30) as object,
  };
}
