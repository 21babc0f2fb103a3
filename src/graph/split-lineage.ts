/**
 * Which splits are open at every step: the "lineage" of a step is the stack of splits it runs
 * inside, each with the branch (the split's direct target) it runs in. A switch opens nothing
 * (only one case runs); a branch or foreach pushes a frame; a join pops one.
 * @module
 */
import { opensSplit } from "./transition-targets.js";
import type { Transition } from "./types.js";
import { hasEdge, walkGraph, type GraphWalk } from "./walk-graph.js";

/** One open split: the split step and the branch (its direct target) a step runs in. */
export interface SplitFrame {
  readonly split: string;
  readonly branch: string;
}

/** The open splits at a point, outermost first. */
export type Lineage = readonly SplitFrame[];

/** One forward edge into a step, with the lineage it carries. */
export interface Incoming {
  readonly from: string;
  readonly lineage: Lineage;
}

/** The minimum the analysis needs to know about a step. */
export interface LineageStep {
  readonly transition: Transition;
  readonly join: boolean;
  readonly source: { readonly line: number };
}

/** The result of {@link analyzeSplits}. */
export interface SplitAnalysis {
  readonly walk: GraphWalk;
  /** Open splits inside every reachable step (for a join: after it closes its split). */
  readonly lineage: ReadonlyMap<string, Lineage>;
  /** Forward edges (loops excluded) into every reachable step. */
  readonly incoming: ReadonlyMap<string, readonly Incoming[]>;
  /** For every reachable join that closes a split: that split. */
  readonly matchingSplit: ReadonlyMap<string, string>;
}

/** Computes lineages, incoming edges and matching splits for all steps reachable from `start`. */
export function analyzeSplits(steps: Readonly<Record<string, LineageStep>>): SplitAnalysis {
  const walk = walkGraph(steps);
  const lineage = new Map<string, Lineage>();
  const incoming = new Map<string, Incoming[]>();
  const matchingSplit = new Map<string, string>();
  for (const name of walk.topological) {
    const step = steps[name];
    if (step === undefined) continue;
    const ins = incoming.get(name) ?? [];
    const [first] = ins;
    let here: Lineage = first?.lineage ?? [];
    if (step.join) {
      const closing = ins.find((i) => i.lineage.length > 0);
      const top = closing?.lineage[closing.lineage.length - 1];
      if (closing !== undefined && top !== undefined) {
        here = closing.lineage.slice(0, -1);
        matchingSplit.set(name, top.split);
      }
    }
    lineage.set(name, here);
    for (const to of walk.successors.get(name) ?? []) {
      if (hasEdge(walk.backEdges, name, to)) continue;
      const carried = opensSplit(step.transition) ? [...here, { split: name, branch: to }] : here;
      const list = incoming.get(to) ?? [];
      list.push({ from: name, lineage: carried });
      incoming.set(to, list);
    }
  }
  return { walk, lineage, incoming, matchingSplit };
}

/** True when two lineages are the same stack of splits and branches. */
export function sameLineage(a: Lineage, b: Lineage): boolean {
  return a.length === b.length && a.every((f, i) => f.split === b[i]?.split && f.branch === b[i]?.branch);
}

/** The lineage carried along the edge `from -> to` (as seen by `to`). */
export function lineageAlong(analysis: SplitAnalysis, steps: Readonly<Record<string, LineageStep>>, from: string, to: string): Lineage {
  const here = analysis.lineage.get(from) ?? [];
  const step = steps[from];
  return step !== undefined && opensSplit(step.transition) ? [...here, { split: from, branch: to }] : here;
}
