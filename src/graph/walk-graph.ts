/**
 * Walks the steps from `start`: which steps are reachable, which edges go back (loops), and a
 * topological order of the rest. Works on partial or broken graphs (unknown targets are skipped).
 * @module
 */
import { transitionTargets } from "./transition-targets.js";
import type { Transition } from "./types.js";

/** The minimum a walk needs to know about a step. */
export interface WalkableStep {
  readonly transition: Transition;
  readonly source: { readonly line: number };
}

/** One edge of the graph. */
export interface Edge {
  readonly from: string;
  readonly to: string;
}

/** The result of {@link walkGraph}. */
export interface GraphWalk {
  /** Steps reachable from `start` (including `start`). */
  readonly reachable: ReadonlySet<string>;
  /** Edges, among reachable steps, that go back to a step still being visited (they close a loop). */
  readonly backEdges: readonly Edge[];
  /** Reachable steps in topological order of the forward edges (ties broken by source line), `start` first. */
  readonly topological: readonly string[];
  /** Known successors of every step, in transition order. */
  readonly successors: ReadonlyMap<string, readonly string[]>;
}

/** Walks `steps` from the step named `start` (if it exists). */
export function walkGraph(steps: Readonly<Record<string, WalkableStep>>): GraphWalk {
  const successors = new Map<string, readonly string[]>();
  for (const [name, step] of Object.entries(steps)) {
    successors.set(name, transitionTargets(step.transition).filter((t) => Object.hasOwn(steps, t)));
  }
  const reachable = new Set<string>();
  const onStack = new Set<string>();
  const backEdges: Edge[] = [];
  const visit = (name: string): void => {
    reachable.add(name);
    onStack.add(name);
    for (const next of successors.get(name) ?? []) {
      if (onStack.has(next)) backEdges.push({ from: name, to: next });
      else if (!reachable.has(next)) visit(next);
    }
    onStack.delete(name);
  };
  if (Object.hasOwn(steps, "start")) visit("start");
  return { reachable, backEdges, topological: topologicalOrder(steps, reachable, backEdges, successors), successors };
}

/** True when `edge` is one of `edges`. */
export function hasEdge(edges: readonly Edge[], from: string, to: string): boolean {
  return edges.some((e) => e.from === from && e.to === to);
}

function topologicalOrder(
  steps: Readonly<Record<string, WalkableStep>>,
  reachable: ReadonlySet<string>,
  backEdges: readonly Edge[],
  successors: ReadonlyMap<string, readonly string[]>,
): string[] {
  const indegree = new Map<string, number>([...reachable].map((n) => [n, 0]));
  const forward = (from: string): string[] => (successors.get(from) ?? []).filter((to) => !hasEdge(backEdges, from, to));
  for (const from of reachable) for (const to of forward(from)) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  const line = (n: string): number => steps[n]?.source.line ?? 0;
  const ready = [...reachable].filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => line(a) - line(b));
    const name = ready.shift();
    if (name === undefined) break;
    order.push(name);
    for (const to of forward(name)) {
      const left = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  return order;
}
