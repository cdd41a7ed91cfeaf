import { deref } from "@keyapi-tiktok/types/spec";
type Schema = {
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
};

/** A value that satisfies `schema`: its example when it has one, else the simplest fit. */
export function synth(doc: unknown, raw: Schema | undefined, depth = 0): unknown {
  const s = deref(raw, doc);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  const first = s.allOf?.[0] ?? s.oneOf?.[0] ?? s.anyOf?.[0];
  if (first && depth < 8) return synth(doc, first, depth + 1);
  switch ([s.type].flat()[0]) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        out[k] = depth < 8 ? synth(doc, v, depth + 1) : null;
      return out;
    }
    case "array":
      return depth < 8 ? [synth(doc, s.items, depth + 1)] : [];
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "string":
      return "string";
    default:
      return s.properties ? synth(doc, { ...s, type: "object" }, depth) : null;
  }
}

export type { Schema };
