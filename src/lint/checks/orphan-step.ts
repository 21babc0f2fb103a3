/**
 * ORPHAN_STEP: every step must be reachable from `start`.
 * @module
 */
import { walkGraph } from "../../graph/walk-graph.js";
import { stepError, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "ORPHAN_STEP";

/** Reports steps that no path from `start` reaches. */
export const orphanStep: LintCheck = {
  code: CODE,
  check(graph) {
    if (!Object.hasOwn(graph.steps, "start")) return [];
    const { reachable } = walkGraph(graph.steps);
    return stepsInOrder(graph)
      .filter((s) => !reachable.has(s.name))
      .map((s) =>
        stepError(
          CODE,
          s.name,
          `Step "${s.name}" is unreachable from the start step. Add this.next(this.${s.name}) in another step, or remove ${s.name}() (or its @step decorator).`,
          s.source,
        ),
      );
  },
};
