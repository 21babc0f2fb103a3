/**
 * JOIN_IS_SPLIT: a step cannot both join (take `inputs`) and split (branch, foreach or switch).
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "JOIN_IS_SPLIT";

/** Reports join steps whose transition is not linear. */
export const joinIsSplit: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph)
      .filter((s) => s.join && s.name !== "start" && (s.transition.kind === "branch" || s.transition.kind === "foreach" || s.transition.kind === "switch"))
      .map((s) =>
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is both a join step (it declares a parameter) and a ${s.transition.kind} step (its this.next() leads to several steps). This is not allowed: add a new step after it, so that the join and the ${s.transition.kind} are separate steps.`,
          s.nextSource ?? s.source,
        ),
      );
  },
};
