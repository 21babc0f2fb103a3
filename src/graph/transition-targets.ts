/**
 * The successors of a step, read off its transition.
 * @module
 */
import type { Transition } from "./types.js";

/** The distinct steps a transition leads to, in the order written (switch cases in case order). */
export function transitionTargets(transition: Transition): readonly string[] {
  switch (transition.kind) {
    case "linear":
    case "foreach":
      return [transition.to];
    case "branch":
      return transition.to;
    case "switch":
      return [...new Set(Object.values(transition.cases))];
    case "end":
      return [];
    default: {
      const never: never = transition;
      return never;
    }
  }
}

/** True for the transitions that open a split which a join must close (static branch, foreach). */
export function opensSplit(transition: Transition): boolean {
  return transition.kind === "branch" || transition.kind === "foreach";
}
