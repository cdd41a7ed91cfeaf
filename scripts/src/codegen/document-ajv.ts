import { Ajv, type Options } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { placeAlong, ROOT, type Place } from "../docs-site/document-shape.js";
import { keyOfToken, pointedAt } from "../json-pointer.js";
import { forAjv } from "./ajv-schema.js";
import type { Json } from "./openapi-model.js";
import { edgesOf, RefGraph } from "./ref-loops.js";
import { toJsonSchema } from "./schema-dialect.js";

/** The ids the schemas `$ref`s point at are added under: `keyapi:r0`, `keyapi:r1`… */
const ID = "keyapi:r";
const isId = (ref: string) => ref.startsWith(ID);

/** An Ajv that reaches a document's schemas, and how to write one of them for it. */
export interface DocumentAjv {
  ajv: Ajv;
  /**
   * The schema as Ajv checks it, in the document's JSON Schema dialect; every schema its `$ref`s
   * reach is added to Ajv and compiled. Throws where Ajv cannot check it (a pattern it refuses,
   * `$ref`s in a loop that reads no part of the value) and on a schema nested past the stack.
   */
  prepare: (schema: unknown) => object;
  /** An Ajv message with the ids it gave the document's schemas shown as their pointers. */
  shown: (message: string) => string;
}

/**
 * Ajv in the document's dialect (3.0 rewritten as draft-07 by `toJsonSchema`, 3.1 as 2020-12),
 * following a schema's `$ref`s itself: a recursive schema is checked to any depth, and a
 * much-shared one is compiled once, as a function of its own (inlining every path through 24
 * components that use each other took a minute and wrote 143 MB; Ajv's own inlining of a
 * component used 100 times, 6.4 MB). Unknown keywords (`discriminator`, `title`) are annotations;
 * formats are not checked.
 */
export function documentAjv(doc: Json, options: Options = {}): DocumentAjv {
  const openapi30 = String(doc.openapi ?? "").startsWith("3.0");
  const all: Options = {
    strict: false,
    validateSchema: false,
    validateFormats: false,
    logger: false,
    inlineRefs: false,
    ...options,
    // Ajv runs each function it writes (`new Function`) here, in the generator: its code is
    // checked first, so vendor text that ended Ajv's comment is refused before it could run.
    code: { ...options.code, process: ownCodeOnly },
  };
  const ajv = openapi30 ? new Ajv(all) : new Ajv2020(all);
  // A pointer's id, and back (for messages); the pointers whose schema is not added yet.
  const ids = new Map<string, string>();
  const refs = new Map<string, string>();
  const pending: string[] = [];
  const idOf = (ref: string) => {
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
    toJsonSchema(forAjv(schema, openapi30, at, idOf), openapi30, at);
  const graph = new RefGraph();
  return {
    ajv,
    prepare(schema) {
      const out = written(schema ?? {}, ROOT) as object;
      // Each schema a `$ref` reaches, once, read as a schema (as Ajv reads it) wherever it sits,
      // its own `$ref`s added in turn. One that points at nothing is not added: Ajv says so.
      const added: string[] = [];
      for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
        const target = pointedAt(doc, ref);
        if (target === undefined) continue;
        // Found, so every token decodes.
        const place = placeAlong(ref.slice(2).split("/").map(keyOfToken));
        const id = ids.get(ref)!;
        let schema: object;
        try {
          schema = written(target, { ...place, names: false }) as object;
        } catch (error) {
          // Said for each response that reaches it; a stand-in keeps the others compiling.
          graph.fail(id, (error as Error).message);
          schema = {};
        }
        try {
          ajv.addSchema(schema, id);
        } catch (error) {
          graph.fail(id, (error as Error).message);
        }
        graph.add(id, edgesOf(schema, isId));
        added.push(id);
      }
      // The last found first: a schema's `$ref`s are compiled before it, so no compile waits on
      // another's (a chain of 400 ran Ajv out of stack). One Ajv cannot compile is said once.
      for (const id of added.reverse()) {
        try {
          ajv.getSchema(id);
        } catch (error) {
          graph.fail(id, (error as Error).message.split("\n")[0]!);
        }
      }
      const problem = graph.problemFrom(edgesOf(out, isId));
      if (problem?.why === "loop")
        throw new Error(
          `$refs that lead back to the same value, read no part of it: ${refs.get(problem.id)}`,
        );
      if (problem) throw new Error(`${problem.why} (in ${refs.get(problem.id)})`);
      return out;
    },
    // Ajv's "from id v0" names our ids, not the spec's.
    shown: (message) =>
      message.replace(/ from id \S+$/, "").replace(/keyapi:r\d+/g, (id) => refs.get(id) ?? id),
  };
}

/**
 * Ajv's code, refused if it holds a schema id not ours in the comment Ajv writes it into
 * (`/*# sourceURL="v0" *\/`; the schemas a `$ref` reaches are added without one). Read as
 * text, on the safe side: vendor text that spells such a comment out is refused too.
 */
export function ownCodeOnly(code: string): string {
  if (/\/\*# sourceURL=(?!"v\d+" \*\/)/.test(code))
    throw new Error("Ajv's code holds a schema id not the generator's own: refused");
  return code;
}
