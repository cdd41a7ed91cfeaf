/** A `$ref` in a schema: the id it names, and whether it applies to the same value. */
export interface Edge {
  to: string;
  same: boolean;
}

/** How a keyword applies the schemas it holds: to the value itself, or to a part of it. */
const APPLIES: Record<string, { same: boolean; holds: "one" | "list" | "map" | "one-or-list" }> = {
  allOf: { same: true, holds: "list" },
  anyOf: { same: true, holds: "list" },
  oneOf: { same: true, holds: "list" },
  not: { same: true, holds: "one" },
  if: { same: true, holds: "one" },
  then: { same: true, holds: "one" },
  else: { same: true, holds: "one" },
  dependentSchemas: { same: true, holds: "map" },
  dependencies: { same: true, holds: "map" },
  properties: { same: false, holds: "map" },
  patternProperties: { same: false, holds: "map" },
  additionalProperties: { same: false, holds: "one" },
  unevaluatedProperties: { same: false, holds: "one" },
  propertyNames: { same: false, holds: "one" },
  items: { same: false, holds: "one-or-list" },
  prefixItems: { same: false, holds: "list" },
  additionalItems: { same: false, holds: "one" },
  unevaluatedItems: { same: false, holds: "one" },
  contains: { same: false, holds: "one" },
};

/**
 * The `$ref`s of a schema written for Ajv that name one of our ids, found only where a keyword
 * applies them (one under `$defs` or an unknown keyword is never applied from here).
 */
export function edgesOf(schema: unknown, isId: (ref: string) => boolean, same = true): Edge[] {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return [];
  const edges: Edge[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$ref") {
      if (typeof v === "string" && isId(v)) edges.push({ to: v, same });
      continue;
    }
    const applies = Object.hasOwn(APPLIES, k) ? APPLIES[k] : undefined;
    if (!applies || !v || typeof v !== "object") continue;
    const held = applies.holds === "map" ? Object.values(v) : Array.isArray(v) ? v : [v];
    for (const s of held) edges.push(...edgesOf(s, isId, same && applies.same));
  }
  return edges;
}

/**
 * The `$ref` graph of the schemas added to Ajv. Ajv compiles `$ref`s that lead back to the same
 * value without reading any part of it (`A: {allOf: [B]}`, `B: {allOf: [A]}`, or two bare
 * `$ref`s) into a check that calls itself until the stack runs out, on any body: such a loop is
 * found before a validator is written. So is a schema Ajv could not compile, once.
 */
export class RefGraph {
  private readonly edges = new Map<string, Edge[]>();
  private readonly broken = new Map<string, string>();
  /** Ids none of whose reach lies on a loop or is broken: checked once. */
  private readonly clean = new Set<string>();

  add(id: string, edges: Edge[]): void {
    this.edges.set(id, edges);
  }

  /** Marks a schema Ajv could not compile, and why. */
  fail(id: string, why: string): void {
    this.broken.set(id, why);
  }

  /** What keeps `roots` from being checked: an id on a same-value loop, or a broken one. */
  problemFrom(roots: Edge[]): { id: string; why: "loop" | string } | undefined {
    const reached = new Set<string>();
    const queue = roots.map((e) => e.to);
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      if (reached.has(id) || this.clean.has(id)) continue;
      const why = this.broken.get(id);
      if (why !== undefined) return { id, why };
      reached.add(id);
      for (const e of this.edges.get(id) ?? []) queue.push(e.to);
    }
    const loop = this.loopAmong(reached);
    if (loop !== undefined) return { id: loop, why: "loop" };
    for (const id of reached) this.clean.add(id);
    return undefined;
  }

  /** Depth first over same-value edges, without recursion: a node met on its own path loops. */
  private loopAmong(ids: Set<string>): string | undefined {
    const state = new Map<string, "open" | "done">();
    const same = new Map<string, Edge[]>();
    const sameOf = (id: string) => {
      if (!same.has(id))
        same.set(
          id,
          (this.edges.get(id) ?? []).filter((e) => e.same && ids.has(e.to)),
        );
      return same.get(id)!;
    };
    for (const start of ids) {
      if (state.has(start)) continue;
      const path: [string, number][] = [[start, 0]];
      state.set(start, "open");
      while (path.length) {
        const top = path[path.length - 1]!;
        const next = sameOf(top[0])[top[1]++];
        if (!next) {
          state.set(top[0], "done");
          path.pop();
        } else if (state.get(next.to) === "open") return next.to;
        else if (!state.has(next.to)) {
          state.set(next.to, "open");
          path.push([next.to, 0]);
        }
      }
    }
    return undefined;
  }
}
