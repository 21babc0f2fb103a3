/**
 * A covering subset of the combination matrix: every graph shape and every behaviour at least
 * once, in few runs. The S3 copy of the matrix runs it (the full cross product runs locally): what
 * the datastore changes is how each shape's records and each behaviour's artifacts are stored,
 * which one run per shape and per behaviour exercises.
 * @module
 */

/** What the cover needs of a combination. */
export interface Coverable {
  readonly id: string;
  readonly graph: { readonly name: string };
  readonly behaviour: { readonly name: string };
}

/**
 * Greedy set cover, deterministic: repeatedly takes the combination that covers the most shapes
 * and behaviours not covered yet; among equals, the one whose behaviour was taken least so far
 * (behaviours spread evenly over the shapes), then the first in `combos`' order. The result keeps
 * `combos`' order.
 */
export function coveringSubset<C extends Coverable>(combos: readonly C[]): C[] {
  const shapes = new Set(combos.map((c) => c.graph.name));
  const behaviours = new Set(combos.map((c) => c.behaviour.name));
  const taken = new Set<C>();
  const uses = new Map<string, number>();
  while (shapes.size > 0 || behaviours.size > 0) {
    let best: C | undefined;
    let bestScore = 0;
    let bestUses = Number.POSITIVE_INFINITY;
    for (const c of combos) {
      if (taken.has(c)) continue;
      const score = (shapes.has(c.graph.name) ? 1 : 0) + (behaviours.has(c.behaviour.name) ? 1 : 0);
      const used = uses.get(c.behaviour.name) ?? 0;
      if (score > bestScore || (score === bestScore && score > 0 && used < bestUses)) {
        best = c;
        bestScore = score;
        bestUses = used;
      }
    }
    if (best === undefined) break;
    taken.add(best);
    shapes.delete(best.graph.name);
    behaviours.delete(best.behaviour.name);
    uses.set(best.behaviour.name, (uses.get(best.behaviour.name) ?? 0) + 1);
  }
  return combos.filter((c) => taken.has(c));
}
