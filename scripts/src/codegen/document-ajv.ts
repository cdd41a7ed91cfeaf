import { Ajv, type Options } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { isDataKey, placeIn, ROOT, type Place } from "../docs-site/document-shape.js";
import { keyOfToken, pointedAt } from "../json-pointer.js";
import type { Json } from "./openapi-model.js";
import { toJsonSchema } from "./schema-dialect.js";

/** The ids the schemas `$ref`s point at are added under: `keyapi:r0`, `keyapi:r1`… */
const ID = "keyapi:r";

/**
 * Keywords that name a schema or its dialect. Ajv writes a schema's `$id` into the generated
 * code, inside a comment (`*\/` in a vendor's id would end it); and it gathers every id and
 * anchor it meets, in examples too, refusing two alike. Ours are the only ids.
 */
const IDS = new Set(["$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$schema"]);

/** Annotations that hold data Ajv would walk (an example of a JSON Schema has an `$id`). */
const dropped = (key: string) => IDS.has(key) || key === "example" || key === "examples";

/** How the schemas a `$ref` reaches are named for Ajv: one id a pointer. */
type IdOf = (ref: string) => string;

/**
 * The schema as Ajv reads it. Its local `$ref`s name the schema they point at by id (added to Ajv
 * as written where it sits in the document, so a pointer into any schema reaches it however this
 * rewrites the one that holds it). In 3.0 a `$ref`'s siblings are ignored (2020-12, 3.1's
 * dialect, applies them). Ids, anchors, examples and `x-` extensions are left out: they check
 * nothing. A discriminated `oneOf` is read as its tag says (see `tagged`).
 */
function rebased(schema: unknown, openapi30: boolean, at: Place, idOf: IdOf): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebased(s, openapi30, at, idOf));
  if (!schema || typeof schema !== "object") return schema;
  const { $ref: ref } = schema as Json;
  const isRef = !at.names && typeof ref === "string" && ref.startsWith("#/");
  if (openapi30 && isRef) return { $ref: idOf(ref) };
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!at.names && (dropped(k) || k.startsWith("x-"))) continue;
    out[k] =
      k === "$ref" && isRef
        ? idOf(ref)
        : isDataKey(k, v, at)
          ? v
          : rebased(v, openapi30, placeIn(at, k), idOf);
  }
  return at.names ? out : tagged(out, schema as Json);
}

/**
 * A `oneOf` with a `discriminator`, read as the tag says: the body is one of the alternatives,
 * and an alternative given by `$ref` takes only its tags (the `mapping`'s keys that name it, else
 * its component's name). Alternatives that look alike are no error, as the tag picks one (Ajv's
 * own `discriminator` refuses a `mapping` or untagged alternatives, and lets non-objects through).
 * An `anyOf` beside it still applies.
 */
function tagged(out: Json, written: Json): Json {
  const { discriminator: d, oneOf } = written as { discriminator?: Json; oneOf?: unknown };
  const tag = d?.propertyName;
  if (typeof tag !== "string" || !Array.isArray(oneOf) || !Array.isArray(out.oneOf)) return out;
  const mapping = Object.entries((d!.mapping ?? {}) as Json);
  const alternatives = (out.oneOf as unknown[]).map((alternative, i) => {
    const ref = (oneOf[i] as Json | null)?.$ref;
    if (typeof ref !== "string") return alternative;
    const name = keyOfName(ref);
    const named = mapping.filter(([, to]) => to === ref || to === name).map(([k]) => k);
    const tags = named.length ? named : name === undefined ? [] : [name];
    if (!tags.length) return alternative;
    return { allOf: [alternative, { properties: { [tag]: { enum: tags } } }] };
  });
  const { oneOf: _, ...rest } = out;
  if (rest.anyOf)
    return { ...rest, allOf: [...((rest.allOf as []) ?? []), { anyOf: alternatives }] };
  return { ...rest, anyOf: alternatives };
}

/** A component's name from its `$ref` (`#/components/schemas/Cat` → `Cat`). */
function keyOfName(ref: string): string | undefined {
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  try {
    return m ? keyOfToken(m[1]!) : undefined;
  } catch {
    return undefined;
  }
}

/** An Ajv that reaches a document's schemas, and how to write one of them for it. */
export interface DocumentAjv {
  ajv: Ajv;
  /**
   * The schema as Ajv checks it, in the document's JSON Schema dialect; every schema its `$ref`s
   * reach is added to Ajv. Throws on a schema nested past the stack.
   */
  prepare: (schema: unknown) => object;
  /** An Ajv message with the ids it gave the document's schemas shown as their pointers. */
  shown: (message: string) => string;
}

/**
 * Ajv in the document's dialect (3.0 rewritten as draft-07 by `toJsonSchema`, 3.1 as 2020-12),
 * following a schema's `$ref`s itself: a recursive schema is checked to any depth, and a
 * much-shared one is compiled once (inlining every path through 24 components that use each other
 * took a minute and wrote 143 MB). Unknown keywords (`discriminator`, `title`) are annotations;
 * formats are not checked.
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
  // A pointer's id, and back (for messages); the pointers whose schema is not added yet.
  const ids = new Map<string, string>();
  const refs = new Map<string, string>();
  const pending: string[] = [];
  const idOf: IdOf = (ref) => {
    let id = ids.get(ref);
    if (!id) {
      id = `${ID}${ids.size}`;
      ids.set(ref, id);
      refs.set(id, ref);
      pending.push(ref);
    }
    return id;
  };
  const written = (schema: unknown, at: Place) =>
    toJsonSchema(rebased(schema, openapi30, at, idOf), openapi30, at);
  return {
    ajv,
    prepare(schema) {
      const out = written(schema ?? {}, ROOT) as object;
      // Each schema a `$ref` reaches, once: written where it sits (a property named `default`
      // is a schema), its own `$ref`s added in turn. One that points at nothing is not added:
      // Ajv says it cannot resolve it.
      for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
        const target = pointedAt(doc, ref);
        if (target === undefined) continue;
        // Ajv would compile `$ref`s that only point at each other into a check that never ends.
        if (bareCycle(doc, ref, openapi30))
          throw new Error(`$refs that point at each other: ${ref}`);
        const at = ref.slice(2).split("/").reduce(placeAtToken, ROOT);
        ajv.addSchema(written(target, at) as object, ids.get(ref));
      }
      return out;
    },
    // Ajv's "from id v0" names our ids, not the spec's.
    shown: (message) =>
      message.replace(/ from id \S+$/, "").replace(/keyapi:r\d+/g, (id) => refs.get(id) ?? id),
  };
}

/** Whether a chain of schemas that are only a `$ref` leads from `ref` back into itself. */
function bareCycle(doc: Json, ref: string, openapi30: boolean): boolean {
  const seen = new Set<string>();
  for (let at: string | undefined = ref; at !== undefined;) {
    if (seen.has(at)) return true;
    seen.add(at);
    const target = pointedAt(doc, at) as Json | undefined;
    const next = target?.$ref;
    const bare = openapi30 || Object.keys(target ?? {}).length === 1;
    at = bare && typeof next === "string" && next.startsWith("#/") ? next : undefined;
  }
  return false;
}

const placeAtToken = (at: Place, token: string) => {
  try {
    return placeIn(at, keyOfToken(token));
  } catch {
    return placeIn(at, token);
  }
};
