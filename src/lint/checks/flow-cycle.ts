/**
 * FLOW_CYCLE: the graph has a loop that does not go through a switch. Only a switch may lead
 * back to itself or to an earlier step (a recursion, bounded by its condition); every other
 * loop would never end.
 * @module
 */
import { transitionTargets } from "../../graph/transition-targets.js";
import type { FlowGraph } from "../../graph/types.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "FLOW_CYCLE";

/** Reports each loop made only of non-switch transitions (once per step that closes a loop). */
export const flowCycle: LintCheck = {
  code: CODE,
  check(graph) {
    return findLoops(graph).map((path) => {
      const closer = path[path.length - 2] ?? "";
      const step = graph.steps[closer];
      return stepError(
        CODE,
        closer,
        `There is a loop in your flow: ${path.join(" -> ")}. Only a switch may lead back to an earlier step (a recursion bounded by its condition); ` +
          `break the loop by fixing the this.next() of "${closer}", or make the step that decides whether to loop a switch.`,
        step?.nextSource ?? step?.source,
      );
    });
  },
};

/** Loops among non-switch edges, each as a path that starts and ends at the same step. */
function findLoops(graph: FlowGraph): string[][] {
  const next = (name: string): readonly string[] => {
    const step = graph.steps[name];
    if (step === undefined || step.transition.kind === "switch") return [];
    return transitionTargets(step.transition).filter((t) => Object.hasOwn(graph.steps, t));
  };
  const done = new Set<string>();
  const loops: string[][] = [];
  const closers = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    for (const to of next(name)) {
      const at = path.indexOf(to);
      if (at >= 0) {
        if (!closers.has(name)) loops.push([...path.slice(at), to]);
        closers.add(name);
      } else if (!done.has(to)) {
        visit(to, [...path, to]);
      }
    }
    done.add(name);
  };
  for (const s of stepsInOrder(graph)) if (!done.has(s.name)) visit(s.name, [s.name]);
  return loops;
}

