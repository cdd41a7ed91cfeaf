/** The parts of a `.cpuprofile` (V8's sampling profiler, `node --cpu-prof`) read here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Time by function, as shares of the profile: self (the sampled frame itself) and inclusive
 * (the frame or anything it called; a function counted once per sample when it recurses).
 * Functions are named `name file:line`, so two functions of one name stay apart.
 */
export function summarizeProfile(p: CpuProfile): {
  self: [string, number][];
  inclusive: [string, number][];
} {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const t = p.timeDeltas[i] ?? 0;
    total += t;
    self.set(label(id), (self.get(label(id)) ?? 0) + t);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(at);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + t);
    }
  });
  const ranked = (m: Map<string, number>) =>
    [...m]
      .map(([name, t]): [string, number] => [name, total ? t / total : 0])
      .sort((a, b) => b[1] - a[1]);
  return { self: ranked(self), inclusive: ranked(inclusive) };
}
