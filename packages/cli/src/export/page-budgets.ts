/**
 * The walks a pull of many entities makes under `--pages N`: each unfinished entity may take N
 * pages in all, so a resumed run gives it what it has left (N less the pages it has, from its
 * first to its next), never more. Entities with the same pages left share one walk (one window
 * of requests); an entity with none left is done for this pull, though not pulled whole. With
 * `--all` (`maxPages` undefined) every unfinished entity shares one walk without end.
 *
 * `next`: each entity's next page as the checkpoint keeps it (0 done, -1 failed).
 */
export function budgetGroups(
  next: readonly number[],
  first: number,
  maxPages: number | undefined,
): { maxPages: number | undefined; entities: number[] }[] {
  const groups = new Map<number | undefined, number[]>();
  next.forEach((n, i) => {
    if (n <= 0) return;
    const left = maxPages === undefined ? undefined : maxPages - (n - first);
    if (left !== undefined && left <= 0) return;
    const group = groups.get(left) ?? [];
    if (!groups.has(left)) groups.set(left, group);
    group.push(i);
  });
  // The entities with the most pages left (those not begun: most of a resumed pull) first.
  return [...groups]
    .map(([left, entities]) => ({ maxPages: left, entities }))
    .sort((a, b) => (b.maxPages ?? Infinity) - (a.maxPages ?? Infinity));
}
