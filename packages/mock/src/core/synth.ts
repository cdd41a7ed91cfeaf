import { resolveSchema } from "@keyapi-tiktok/types/spec";
import { withChoice } from "./choice.js";
import { constrained, type Scalar } from "./constrained.js";
import { kindOf } from "./kind.js";

type Schema = Scalar & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  const?: unknown;
  minItems?: number;
  required?: string[];
};

/** Past this depth only what a schema requires is made: a recursive one ends. */
const DEEP = 8;
/** A schema that requires itself has no finite value: `null` here, where it must stop. */
const DEEPEST = 32;

/**
 * A value that satisfies `schema`: its example when it has one, else the simplest fit (`allOf`
 * merged, the first of `oneOf`/`anyOf` merged in). Past depth {@link DEEP} an object gets only its
 * required properties and an array none, so a recursive schema's value stays valid.
 */
export function synth(doc: unknown, raw: Schema | undefined, depth = 0): unknown {
  const resolved = resolveSchema(raw, doc);
  if (resolved.example !== undefined) return resolved.example;
  const s = withChoice(resolved, doc);
  if (s.example !== undefined) return s.example;
  if ("const" in s) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (depth >= DEEPEST) return null;
  switch (kindOf(s)) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (depth < DEEP || s.required?.includes(k)) out[k] = synth(doc, v, depth + 1);
      return out;
    }
    case "array":
      // One item, or as many as it requires (none past depth DEEP unless required).
      return Array.from({ length: Math.max(s.minItems ?? 0, depth < DEEP ? 1 : 0) }, () =>
        synth(doc, s.items, depth + 1),
      );
    // Held to the schema's bounds, lengths, pattern and format.
    case "integer":
    case "number":
      return constrained(s, 0, ["synth", depth]);
    case "boolean":
      return false;
    case "string":
      return constrained(s, "string", ["synth", depth]);
    default:
      return null;
  }
}

export type { Schema };
