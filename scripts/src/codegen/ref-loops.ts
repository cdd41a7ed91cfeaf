/** A `$ref` in a schema: the id it names, and whether it applies to the same value. */
export interface Edge {
  to: string;
  same: boolean;
}

/** Keywords whose schemas apply to the value itself, not to a part of it (a field, an item). */
const SAME_VALUE = new Set([
  "$ref",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependencies",
]);
const DATA = new Set(["enum", "const", "default"]);

/** The `$ref`s of a schema written for Ajv that name one of our ids. */
export function edgesOf(schema: unknown, isId: (ref: string) => boolean, same = true): Edge[] {
  if (Array.isArray(schema)) return schema.flatMap((s) => edgesOf(s, isId, same));
  if (!schema || typeof schema !== "object") return [];
  return Object.entries(schema).flatMap(([k, v]): Edge[] => {
    if (k === "$ref") return typeof v === "string" && isId(v) ? [{ to: v, same }] : [];
    if (DATA.has(k)) return [];
    return edgesOf(v, isId, same && SAME_VALUE.has(k));
  });
}

/**
 * The `$ref` graph of the schemas added to Ajv. Ajv compiles `$ref`s that lead back to the same
 * value without reading any part of it (`A: {allOf: [B]}`, `B: {allOf: [A]}`, or two bare
 * `$ref`s) into a check that calls itself until the stack runs out, on any body: such a loop
 * must be found before a validator is written.
 */
export class RefGraph {
  private readonly edges = new Map<string, Edge[]>();
  /** Ids none of whose reach lies on a loop: checked once. */
  private readonly clean = new Set<string>();

  add(id: string, edges: Edge[]): void {
    this.edges.set(id, edges);
  }

  /** An id on a same-value loop that `roots` reach, or undefined. */
  loopFrom(roots: Edge[]): string | undefined {
    const reached = new Set<string>();
    const queue = roots.map((e) => e.to);
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      if (reached.has(id) || this.clean.has(id)) continue;
      reached.add(id);
      for (const e of this.edges.get(id) ?? []) queue.push(e.to);
    }
    const loop = this.loopAmong(reached);
    if (loop === undefined) for (const id of reached) this.clean.add(id);
    return loop;
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
