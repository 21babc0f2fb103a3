/**
 * The control structure of a flow graph as the Argo compiler needs it: which switch cases jump
 * back (recursion), which step heads each loop, where the cases of a forward switch meet again,
 * and Kubernetes-safe names for steps. Pure.
 * @module
 */
import { ErrorCode, MetaflowError } from "../../../errors.js";
import type { FlowGraph, StepNode } from "../../../graph/types.js";

/** A recursive switch: `switchStep` jumps back to `header` on case `backCase`. */
export interface Loop {
  readonly header: string;
  readonly switchStep: string;
  readonly backCase: string;
  /** The other cases: case key -> target step. */
  readonly forward: Readonly<Record<string, string>>;
}

/** What the compiler needs to know about a graph beyond its steps. */
export interface FlowStructure {
  /** Loops by header step. */
  readonly loops: ReadonlyMap<string, Loop>;
  /** The loop a switch step closes, if any. */
  loopOfSwitch(step: string): Loop | undefined;
  /** Where the given (forward) switch targets meet again. */
  mergePoint(targets: readonly string[]): string;
  /** The step's name as a Kubernetes-safe DAG task / template name part. */
  taskName(step: string): string;
}

/** Analyses a (lint-clean) graph; throws a DeployError-style MetaflowError for shapes Argo cannot express. */
export function analyseFlow(graph: FlowGraph): FlowStructure {
  const successors = (s: string): string[] => targetsOf(graph.steps[s]);
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      const s = todo.pop() as string;
      if (s === to) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      todo.push(...successors(s));
    }
    return false;
  };
  const loops = new Map<string, Loop>();
  const bySwitch = new Map<string, Loop>();
  const backEdges = new Set<string>();
  for (const step of graph.order) {
    const t = graph.steps[step]?.transition;
    if (t?.kind !== "switch") continue;
    const back = Object.entries(t.cases).filter(([, to]) => to === step || reaches(to, step));
    if (back.length === 0) continue;
    const where = graph.steps[step]?.nextSource;
    if (back.length > 1) {
      throw new MetaflowError(ErrorCode.Deploy, `Step ${step} loops back through ${back.length} cases (${back.map(([k]) => k).join(", ")}); argo-workflows deploys a recursive switch with exactly one case that loops back.`, where ? { source: where } : {});
    }
    const [backCase, header] = back[0] as [string, string];
    if (loops.has(header)) {
      throw new MetaflowError(ErrorCode.Deploy, `Two switches loop back to step ${header}; argo-workflows deploys one recursive switch per loop.`, where ? { source: where } : {});
    }
    const forward = Object.fromEntries(Object.entries(t.cases).filter(([k]) => k !== backCase));
    const loop: Loop = { header, switchStep: step, backCase, forward };
    loops.set(header, loop);
    bySwitch.set(step, loop);
    backEdges.add(`${step}>${header}`);
  }
  const forwardSuccessors = (s: string): string[] => successors(s).filter((to) => !backEdges.has(`${s}>${to}`));
  const forwardReach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      const s = todo.pop() as string;
      if (seen.has(s)) continue;
      seen.add(s);
      todo.push(...forwardSuccessors(s));
    }
    return seen;
  };
  const names = new Map<string, string>();
  const used = new Map<string, string>();
  for (const step of graph.order) {
    const name = kebab(step);
    const other = used.get(name);
    if (other !== undefined) throw new MetaflowError(ErrorCode.Deploy, `Steps ${other} and ${step} both become '${name}' as Argo task names; rename one of them.`);
    used.set(name, step);
    names.set(step, name);
  }
  return {
    loops,
    loopOfSwitch: (step) => bySwitch.get(step),
    mergePoint(targets) {
      const reach = targets.map(forwardReach);
      const common = [...(reach[0] ?? [])].filter((s) => reach.every((r) => r.has(s)));
      // The meeting point is the common step every other common step comes after.
      const first = common.find((c) => common.every((o) => forwardReach(c).has(o)));
      if (first === undefined) throw new MetaflowError(ErrorCode.Internal, `the cases ${targets.join(", ")} never meet again (the graph passed lint; this is a bug in metaflow-ts)`);
      return first;
    },
    taskName: (step) => names.get(step) ?? kebab(step),
  };
}

/** Steps a step's transition can lead to. */
export function targetsOf(node: StepNode | undefined): string[] {
  const t = node?.transition;
  switch (t?.kind) {
    case "linear":
    case "foreach":
      return [t.to];
    case "branch":
      return [...t.to];
    case "switch":
      return Object.values(t.cases);
    default:
      return [];
  }
}

/** `hotStep` -> `hot-step`, `a_b` -> `a-b`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}
