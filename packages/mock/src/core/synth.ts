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

/** Follows a local `$ref` in the effective spec. */
export function deref(doc: unknown, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let guard = 0; s.$ref && guard < 32; guard++) {
    s =
      s.$ref
        .slice(2)
        .split("/")
        .reduce((node: any, key) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc) ?? {};
  }
  return s;
}

/** A value that satisfies `schema`: its example when it has one, else the simplest fit. */
export function synth(doc: unknown, raw: Schema | undefined, depth = 0): unknown {
  const s = deref(doc, raw);
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
