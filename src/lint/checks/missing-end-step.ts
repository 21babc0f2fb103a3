/**
 * MISSING_END_STEP: every flow finishes at a step named `end` (steps without `this.next()` are
 * suggested as the intended end).
 * @module
 */
import { listNames, stepsInOrder, type LintCheck } from "../lint-check.js";

const CODE = "MISSING_END_STEP";

/** Reports a flow without an `end` step. */
export const missingEndStep: LintCheck = {
  code: CODE,
  check(graph) {
    if (Object.hasOwn(graph.steps, "end")) return [];
    const last = stepsInOrder(graph).filter((s) => s.transition.kind === "end" && s.transitionError === undefined).map((s) => s.name);
    const hint = last.length === 0 ? "" : ` (${listNames(last)} has no this.next() call: should it be named end?)`;
    return [
      {
        code: CODE,
        severity: "error",
        message: `Flow ${graph.flowName} has no end step${hint}. Add an "end" step to the flow: @step end() {}`,
        source: graph.source,
      },
    ];
  },
};
