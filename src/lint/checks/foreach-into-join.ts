/**
 * FOREACH_INTO_JOIN: a foreach needs at least one step (the body) between it and its join.
 * @module
 */
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "FOREACH_INTO_JOIN";

/** Reports foreach steps that lead directly to a join step. */
export const foreachIntoJoin: LintCheck = {
  code: CODE,
  check(graph) {
    return stepsInOrder(graph).flatMap((s) => {
      if (s.transition.kind !== "foreach" || graph.steps[s.transition.to]?.join !== true) return [];
      return [
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is a foreach split that has no body: it is followed immediately by the join step "${s.transition.to}". ` +
            "Add at least one step between the foreach and the join (the body that runs once per item).",
          s.nextSource ?? s.source,
        ),
      ];
    });
  },
};
